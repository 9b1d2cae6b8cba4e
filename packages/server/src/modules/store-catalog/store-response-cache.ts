import type { FastifyReply, FastifyRequest } from "fastify";
import { VersionedCache } from "../../shared/versioned-cache.js";
import type { CatalogStamp } from "../pricing/candidates-sql.js";

/**
 * Serialised store responses, each valid for one catalogue version (migration 0008), in
 * least-recently-used order within a byte budget.
 *
 * Not a source of truth and never stale: an entry is served only while the catalogue
 * version read from PostgreSQL for this very request is the one it was built at, and its
 * key holds the shopper's entitled price lists, also read for this request. Any committed
 * change, from any instance or writer, moves the version and so retires every entry at
 * once (fresh prices: docs/compatibility.md#fixed-v1-bugs-the-contracts-cohort-rules). What is saved is the expensive part of a product page: reading
 * and pricing ~100 candidate prices, building and serialising a 50–180 kB body.
 */
export class StoreResponseCache extends VersionedCache<Buffer> {
  constructor(maxBytes: number) {
    super(maxBytes, (body) => body.length);
  }

  /** Bytes held (bodies only). */
  get size(): number {
    return this.weight;
  }
}

/** A store response body and the catalogue stamp it was computed from (null: not cacheable). */
export interface StampedBody<T> {
  body: T;
  stamp: CatalogStamp | null;
}

/**
 * Answers a store GET from the cache when the shopper's current stamp matches, else builds
 * the body, serialises it with the route's response schema and keeps it.
 *
 * A built body is kept only when the stamp its own queries read equals the one read before
 * they ran. Equal versions mean no catalogue change committed in between (the counter only
 * grows), so a body assembled from several queries is one consistent state; equal entitled
 * lists mean the prices were computed for exactly the lists in the key.
 */
export function storeResponder(cache: StoreResponseCache, currentStamp: (customerId: string | null) => Promise<CatalogStamp>) {
  return async function respond<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    customerId: Promise<string | null>,
    build: () => Promise<StampedBody<T>>,
  ): Promise<FastifyReply> {
    if (!cache.enabled) return reply.send((await build()).body);
    const before = await currentStamp(await customerId);
    const key = `${before.lists} ${request.url}`;
    let body = cache.get(key, before.version);
    if (!body) {
      const built = await build();
      body = Buffer.from(reply.serialize(built.body) as string);
      const { stamp } = built;
      if (stamp && stamp.version === before.version && stamp.lists === before.lists) cache.set(key, before.version, body);
    }
    return reply.type("application/json; charset=utf-8").send(body);
  };
}
