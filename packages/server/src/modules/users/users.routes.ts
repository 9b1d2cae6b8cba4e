import type { App } from "../../http/types.js";
import { CreateUserBody, IdParams, UpdateUserBody, UserDeleteResponse, UserResponse, UsersResponse } from "@cohort/contract";
import type { UsersService } from "./users.service.js";

const tags = ["Users"];

export function userRoutes(app: App, users: UsersService) {
  app.get("/admin/users", { schema: { tags, summary: "List users", response: { 200: UsersResponse } } }, async (request) => ({
    users: await users.list(request.user!),
  }));

  app.get("/admin/users/:id", { schema: { tags, params: IdParams, response: { 200: UserResponse } } }, async (request) => ({
    user: await users.retrieve(request.params.id, request.user!),
  }));

  app.post("/admin/users", { schema: { tags, body: CreateUserBody, response: { 200: UserResponse } } }, async (request) => ({
    user: await users.create(request.body, request.user!),
  }));

  app.post("/admin/users/:id", { schema: { tags, params: IdParams, body: UpdateUserBody, response: { 200: UserResponse } } }, async (request) => ({
    user: await users.update(request.params.id, request.body, request.user!),
  }));

  app.delete("/admin/users/:id", { schema: { tags, params: IdParams, response: { 200: UserDeleteResponse } } }, async (request) => {
    await users.delete(request.params.id, request.user!);
    return { id: request.params.id, object: "user" as const, deleted: true as const };
  });
}
