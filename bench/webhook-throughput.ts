// Webhook deliveries per second from one instance to a local receiver that answers at once.
//   node --import tsx bench/webhook-throughput.ts [events] [--pg <url of a database to create a schema in>]
// Figures in bench/README.md ("Webhook deliveries").
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { loadConfig } from "../packages/server/src/config.js";
import { openDb } from "../packages/server/src/db/database.js";
import { migrate } from "../packages/server/src/db/migrate.js";
import { scratchDb } from "./scratch-db.js";
import { EventsRepository } from "../packages/server/src/modules/events/events.repository.js";
import { WebhookDeliveryWorker } from "../packages/server/src/modules/webhooks/webhook-delivery.js";
import { newId } from "../packages/server/src/shared/ids.js";

const n = Number(process.argv[2] ?? 5_000);
const pgIndex = process.argv.indexOf("--pg");
const pgUrl = pgIndex >= 0 ? process.argv[pgIndex + 1] : undefined;
const config = loadConfig({ NODE_ENV: "test", JWT_SECRET: "x", COOKIE_SECRET: "x", DATABASE_URL: pgUrl });
const { db, drop } = await scratchDb(pgUrl, (where) => openDb(config, where));
await migrate(db.db);

let received = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    received++;
    res.end("ok");
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as AddressInfo;
await db.db.insertInto("webhook").values({ id: newId("wh"), url: `http://127.0.0.1:${port}/`, events: ["*"], description: null, secret: `whsec_${randomBytes(24).toString("base64")}` }).execute();
const ids = Array.from({ length: n }, () => newId("evt"));
await sql`INSERT INTO event (id, type, data, actor, source, customer_group_id)
  SELECT id, 'customer_group.updated', jsonb_build_object('id', 'cgrp_x', 'name', 'n' || ord), '{"type":"system","id":null}', 'system', 'cgrp_x'
  FROM unnest(${ids}::text[]) WITH ORDINALITY AS x(id, ord)`.execute(db.db);

const worker = new WebhookDeliveryWorker(db.db, new EventsRepository(db.db), {
  policy: { allowPrivateNetworks: false, allowLoopback: true },
  timeoutMs: 10_000,
  clock: () => new Date(Date.now() + 1_000),
});
const started = performance.now();
while ((await worker.runOnce()) > 0);
const seconds = (performance.now() - started) / 1000;
console.log(`${db.kind}: ${received} of ${n} deliveries in ${seconds.toFixed(2)} s: ${(received / seconds).toFixed(0)} per second`);
worker.close();
server.close();
await drop();
