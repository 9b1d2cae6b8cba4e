import type { Config } from "../../config.js";
import { isUniqueViolation } from "../../db/sql.js";
import { duplicate, invalidData, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { mergeMetadata } from "../../shared/metadata.js";
import { hashPassword } from "../../shared/password.js";
import type { CreateUserBody, UpdateUserBody } from "./users.schemas.js";
import type { PublicUser, UsersRepository } from "./users.repository.js";

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly config: Pick<Config, "passwordLogN">,
  ) {}

  list(): Promise<PublicUser[]> {
    return this.users.list();
  }

  async retrieve(id: string): Promise<PublicUser> {
    const user = await this.users.findById(id);
    if (!user) throw notFound(`User with id: ${id} was not found`);
    return user;
  }

  async create(input: CreateUserBody & { api_token?: string }): Promise<PublicUser> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw invalidData("email must be an email");
    if (await this.users.findWithHashByEmail(email)) throw duplicate("A user with the same email already exists.");
    try {
      return await this.users.insert({
        id: newId("usr"),
        email,
        first_name: input.first_name ?? null,
        last_name: input.last_name ?? null,
        role: input.role ?? "member",
        api_token: input.api_token ?? null,
        password_hash: await hashPassword(input.password, this.config.passwordLogN),
        metadata: null,
        deleted_at: null,
      });
    } catch (err) {
      // Two creates of one email racing each other: the unique index decides.
      if (isUniqueViolation(err)) {
        const onToken = String((err as { constraint?: string }).constraint).includes("api_token");
        throw duplicate(onToken ? "A user with the same api_token already exists." : "A user with the same email already exists.");
      }
      throw err;
    }
  }

  async update(id: string, input: UpdateUserBody): Promise<PublicUser> {
    const current = await this.retrieve(id);
    const patch: Parameters<UsersRepository["update"]>[1] = {};
    if (input.first_name !== undefined) patch.first_name = input.first_name;
    if (input.last_name !== undefined) patch.last_name = input.last_name;
    if (input.role !== undefined) patch.role = input.role;
    if (input.api_token !== undefined) patch.api_token = input.api_token;
    if (input.metadata !== undefined) patch.metadata = JSON.stringify(mergeMetadata(current.metadata, input.metadata));
    try {
      const updated = await this.users.update(id, patch);
      if (!updated) throw notFound(`User with id: ${id} was not found`);
      return updated;
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate("A user with the same api_token already exists.");
      throw err;
    }
  }

  async delete(id: string): Promise<void> {
    await this.users.softDelete(id);
  }
}
