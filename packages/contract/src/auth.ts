import { Type, type Static } from "@sinclair/typebox";
import { User } from "./users.js";

/** v1's AdminPostAuthReq: IsEmail + IsNotEmpty on email, IsString + IsNotEmpty on password. */
export const LoginBody = Type.Object(
  {
    email: Type.String({ format: "email", minLength: 1, "x-missing": "email should not be empty, email must be an email" }),
    password: Type.String({ minLength: 1, "x-missing": "password should not be empty, password must be a string" }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const SessionResponse = Type.Object({ user: User });
export const TokenResponse = Type.Object({ access_token: Type.String() });
