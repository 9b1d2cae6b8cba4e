import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module "fastify" {
  interface FastifyContextConfig {
    /** An /admin route that needs no credentials (the login routes). */
    public?: boolean;
    /**
     * Set for every route when it is registered (see route-policy.ts), from its declared
     * path: which API it belongs to, and whether it needs admin credentials.
     */
    area?: "admin" | "store" | "other";
    adminAuth?: boolean;
    /** The route's query has a `limit` (MAX_PAGE_SIZE applies). */
    paginated?: boolean;
  }
}
