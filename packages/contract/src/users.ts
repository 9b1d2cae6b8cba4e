import { Type, type Static } from "@sinclair/typebox";
import { DeleteResponse, Metadata, MetadataInput, NullableString, StringEnum, Timestamps } from "./common.js";

export const ROLES = ["admin", "member", "developer"] as const;

export const User = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    first_name: NullableString,
    last_name: NullableString,
    api_token: NullableString,
    role: StringEnum(ROLES),
    metadata: Metadata,
    ...Timestamps,
  },
  { $id: "User" },
);
export type User = Static<typeof User>;

export const UserResponse = Type.Object({ user: User });
export const UsersResponse = Type.Object({ users: Type.Array(User) });

export const CreateUserBody = Type.Object(
  {
    email: Type.String({ format: "email" }),
    password: Type.String({ minLength: 1 }),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    role: Type.Optional(StringEnum(ROLES)),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    role: Type.Optional(StringEnum(ROLES)),
    api_token: Type.Optional(Type.String({ minLength: 1 })),
    metadata: Type.Optional(MetadataInput),
  },
  { additionalProperties: false },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const UserDeleteResponse = DeleteResponse("user");
