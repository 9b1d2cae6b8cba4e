import { Type, type Static } from "@sinclair/typebox";

export const SETUP_TOKEN_HEADER = "x-cohort-setup-token";

export const SetupBody = Type.Object(
  {
    email: Type.String({ format: "email" }),
    password: Type.String({ minLength: 1 }),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    api_token: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type SetupBody = Static<typeof SetupBody>;

export const SetupStatus = Type.Object({
  setup_required: Type.Boolean({ description: "true while the database has no user: the first-run screen may create the first admin" }),
});
