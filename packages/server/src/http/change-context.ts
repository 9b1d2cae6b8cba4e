import type { FastifyRequest } from "fastify";
import type { ChangeContext } from "../shared/change-context.js";

/** The change context of an admin request: the signed-in user (or their API token) and the request id. */
export function changeContextOf(request: FastifyRequest): ChangeContext {
  if (request.user) {
    return { actor: { type: request.userVia ?? "user", id: request.user.id }, source: "api", requestId: request.id };
  }
  return { actor: { type: "system", id: null }, source: "api", requestId: request.id };
}

/** A store request (a customer registering or updating themself). */
export function storeChangeContextOf(request: FastifyRequest): ChangeContext {
  return { actor: { type: "system", id: null }, source: "store", requestId: request.id };
}
