import { randomUUID } from "node:crypto";
import cors from "@fastify/cors";
import swagger from "@fastify/swagger";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyRequest } from "fastify";
import { sql } from "kysely";
import type { Config } from "./config.js";
import type { DbHandle } from "./db/database.js";
import { refusesAnonymousAdmin, registerAuth } from "./http/auth.js";
import { clientErrorHandler, errorHandler, frameworkErrorHandler } from "./http/error-handler.js";
import { parseQueryString } from "./http/list-params.js";
import { areaOfPath, normalisedPath, registerRoutePolicy, routerPath } from "./http/route-policy.js";
import type { App } from "./http/types.js";
import { validatorCompiler } from "./http/validation.js";
import { AuthRepository } from "./modules/auth/auth.repository.js";
import { adminConsoleRoutes } from "./modules/admin-console/admin-console.routes.js";
import { adminAuthRoutes } from "./modules/auth/auth.routes.js";
import { AuthService } from "./modules/auth/auth.service.js";
import { PriceListsRepository } from "./modules/price-lists/price-lists.repository.js";
import { priceListRoutes } from "./modules/price-lists/price-lists.routes.js";
import { PriceListsService } from "./modules/price-lists/price-lists.service.js";
import { ProductsRepository } from "./modules/products/products.repository.js";
import { productRoutes } from "./modules/products/products.routes.js";
import { ProductsService } from "./modules/products/products.service.js";
import { StoreCatalogRepository } from "./modules/store-catalog/store-catalog.repository.js";
import { storeCatalogRoutes } from "./modules/store-catalog/store-catalog.routes.js";
import { StoreCatalogService } from "./modules/store-catalog/store-catalog.service.js";
import { PricingRepository } from "./modules/pricing/pricing.repository.js";
import { PricingService } from "./modules/pricing/pricing.service.js";
import { PricingInsightRepository } from "./modules/pricing-insight/pricing-insight.repository.js";
import { pricingInsightRoutes } from "./modules/pricing-insight/pricing-insight.routes.js";
import { PricingInsightService } from "./modules/pricing-insight/pricing-insight.service.js";
import { VariantPricesCache } from "./modules/pricing-insight/variant-prices-cache.js";
import { StoreResponseCache, storeResponder } from "./modules/store-catalog/store-response-cache.js";
import { RegionsRepository } from "./modules/regions/regions.repository.js";
import { regionRoutes } from "./modules/regions/regions.routes.js";
import { RegionsService } from "./modules/regions/regions.service.js";
import { UsersRepository } from "./modules/users/users.repository.js";
import { userRoutes } from "./modules/users/users.routes.js";
import { UsersService } from "./modules/users/users.service.js";
import { CustomerGroupsRepository } from "./modules/customer-groups/customer-groups.repository.js";
import { customerGroupRoutes } from "./modules/customer-groups/customer-groups.routes.js";
import { CustomerGroupsService } from "./modules/customer-groups/customer-groups.service.js";
import { CustomersRepository } from "./modules/customers/customers.repository.js";
import { customerRoutes } from "./modules/customers/customers.routes.js";
import { CustomersService } from "./modules/customers/customers.service.js";
import { storeCustomerRoutes } from "./modules/customers/store-customers.routes.js";
import { EventsRepository } from "./modules/events/events.repository.js";
import { eventRoutes } from "./modules/events/events.routes.js";
import { EventsService } from "./modules/events/events.service.js";
import { registerBackgroundJobs } from "./modules/events/background-jobs.js";
import { WebhooksRepository } from "./modules/webhooks/webhooks.repository.js";
import { webhookRoutes } from "./modules/webhooks/webhooks.routes.js";
import { WebhooksService } from "./modules/webhooks/webhooks.service.js";
import { systemClock, type Clock } from "./shared/background.js";
import { metricsRoutes } from "./modules/metrics/metrics.routes.js";
import { SetupRepository } from "./modules/setup/setup.repository.js";
import { setupRoutes } from "./modules/setup/setup.routes.js";
import { SetupService } from "./modules/setup/setup.service.js";
import { databaseUnavailable, invalidData } from "./shared/errors.js";
import { BatchJobRunner, type RunnerOptions } from "./modules/batch-jobs/batch-job-runner.js";
import { BatchJobsRepository } from "./modules/batch-jobs/batch-jobs.repository.js";
import { batchJobRoutes } from "./modules/batch-jobs/batch-jobs.routes.js";
import { BatchJobsService } from "./modules/batch-jobs/batch-jobs.service.js";
import { MemberExportStrategy } from "./modules/batch-jobs/member-export.js";
import { MemberImportStrategy, type MemberImportOptions } from "./modules/batch-jobs/member-import.js";
import { UploadStore } from "./modules/uploads/upload-store.js";
import { uploadRoutes } from "./modules/uploads/uploads.routes.js";

export interface BuildAppOptions {
  config: Config;
  db: DbHandle;
  /** Where log lines go (default stdout); tests pass a stream to read them. */
  logStream?: { write(line: string): void };
  /** The background jobs' clock (tests move it by hand). */
  clock?: Clock;
  /**
   * Batch jobs: whether this app's runner starts with the app (default: config
   * BATCH_JOB_RUNNER; tests leave it off and call app.batchJobs.tick()), its lease, and
   * the import's test hook.
   */
  batchJobs?: { run?: boolean; leaseMs?: number; pollMs?: number; maxAttempts?: number; beforeCommit?: MemberImportOptions["beforeCommit"] };
}

declare module "fastify" {
  interface FastifyInstance {
    /** The batch-job runner of this app (tick() runs one step; tests drive it directly). */
    batchJobs: BatchJobRunner;
  }
}

/**
 * Ids per statement of a membership batch on PGlite, which runs SQL on the Node thread
 * (bench/README.md, "Batches and the event loop on PGlite"). On PostgreSQL a batch is one
 * statement.
 */
const PGLITE_BATCH_PART = 2_000;

/** Deepest JSON body accepted: metadata may nest 32 levels, inside a body of a few more. */
const MAX_JSON_DEPTH = 64;

/** Whether the JSON text nests objects/arrays deeper than `max` (a scan, before parsing). */
function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** v1's CORS methods (the cors package's default leaves out PUT, PATCH and DELETE). */
const CORS_METHODS = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"];

/**
 * Which origins a request is answered for: the matched route's API. A preflight matches
 * the cors package's `OPTIONS *` route and an unmatched request the not-found route; both
 * go by the path as the router decoded it (so a 401 for an unknown admin path still
 * reaches the admin UI).
 */
function corsArea(request: FastifyRequest): "admin" | "store" | "other" {
  const area = request.routeOptions.url === "*" ? undefined : request.routeOptions.config?.area;
  return area ?? areaOfPath(normalisedPath(routerPath(request)));
}

/** Rejects when `promise` has not settled within `ms` (a hung connection must not hang the probe). */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-medusa-access-token"]',
  'res.headers["set-cookie"]',
];

export async function buildApp({ config, db, logStream, clock = systemClock, batchJobs }: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger: { level: config.logLevel, redact: REDACT, ...(logStream ? { stream: logStream } : {}) },
    disableRequestLogging: true,
    bodyLimit: config.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, querystringParser: parseQueryString },
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
    forceCloseConnections: "idle",
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    // request.ip (the login limits' address) is the real client's only behind trusted proxies.
    trustProxy: config.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>() as App;

  registerRoutePolicy(app, config);
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);

  // One log line per request, without headers (no tokens, cookies or passwords) and with
  // the route's pattern rather than the path, whose parameters may be personal data
  // (`/store/auth/:email`). A path no route matched is logged with its e-mail-like
  // segments redacted.
  app.addHook("onResponse", async (request, reply) => {
    const url = request.routeOptions.url ?? request.url.split("?")[0]!.replace(/[^/]*(@|%40)[^/]*/gi, "[redacted]");
    request.log.info({ method: request.method, url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, "request");
  });

  // JSON bodies: an empty body reads as {} (medusa-js and curl send DELETE with or
  // without one); a JSON null or a scalar is a 400, like any other malformed body.
  app.removeContentTypeParser(["application/json", "text/plain"]);
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = (body as string).trim();
    if (text === "") return done(null, {});
    // JSON.parse copes with any depth, but later steps recurse: refuse absurd nesting first.
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      return done(invalidData(`The request body is nested too deeply (more than ${MAX_JSON_DEPTH} levels)`), undefined);
    }
    try {
      const parsed = JSON.parse(text);
      if (parsed === null || typeof parsed !== "object") return done(invalidData("The request body must be a JSON object"), undefined);
      done(null, parsed);
    } catch (err) {
      done(invalidData(`The request body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });
  // As v1, a body of another type is read as an empty one, so validation errors follow
  // (read as a buffer, so the route's body limit applies to it too).
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, _payload, done) => done(null, {}));

  await app.register(cors, {
    hook: "onRequest",
    delegator: (request, callback) => {
      const origin = request.headers.origin;
      const area = corsArea(request);
      const allowed = area === "admin" ? config.adminCors : area === "store" ? config.storeCors : [];
      // A foreign origin gets no CORS headers at all; an allowed one is echoed, with credentials.
      if (!origin || !(allowed.includes(origin) || allowed.includes("*"))) return callback(null, { origin: false });
      callback(null, { origin, credentials: true, methods: CORS_METHODS });
    },
  });

  await app.register(swagger, {
    openapi: {
      info: { title: "Cohort", version: "0.1.0", description: "Customer groups and group pricing, compatible with Medusa v1's HTTP API" },
      components: {
        securitySchemes: {
          api_token: { type: "apiKey", in: "header", name: "x-medusa-access-token" },
          jwt_token: { type: "http", scheme: "bearer" },
          cookie_auth: { type: "apiKey", in: "cookie", name: "connect.sid" },
        },
      },
    },
  });

  const users = new UsersRepository(db.db);
  const auth = new AuthService(new AuthRepository(db.db), users, config);
  const cookies = registerAuth(app, { admin: (credentials) => auth.authenticateAdminVia(credentials), customer: (credentials) => auth.customerIdOf(credentials) }, config);
  app.setNotFoundHandler(async (request, reply) => {
    if (await refusesAnonymousAdmin(request)) return reply.status(401).type("text/plain; charset=utf-8").send("Unauthorized");
    return reply.status(404).send({ type: "not_found", message: `Route ${request.method}:${request.url.split("?")[0]} not found` });
  });

  // Liveness: the process serves HTTP. Readiness: it can also reach its database (a load
  // balancer takes an instance out while this answers 503).
  app.get("/health", { schema: { hide: true } }, async (_request, reply) => reply.type("text/plain; charset=utf-8").send("OK"));
  app.get("/health/ready", { schema: { hide: true } }, async (request, reply) => {
    try {
      await withDeadline(sql`SELECT 1`.execute(db.db), config.pgAcquireTimeoutMs);
    } catch (err) {
      request.log.warn({ err }, "readiness check failed");
      throw databaseUnavailable();
    }
    return reply.type("text/plain; charset=utf-8").send("OK");
  });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  metricsRoutes(app, db.pool, config);

  adminAuthRoutes(app, auth, cookies);
  const usersService = new UsersService(db.db, users, config);
  userRoutes(app, usersService);
  setupRoutes(app, new SetupService(db.db, new SetupRepository(db.db), usersService, config), config);
  const events = new EventsRepository(db.db);
  const customersRepo = new CustomersRepository(db.db);
  const customers = new CustomersService(db.db, customersRepo, config, events);
  const batch = { concurrency: config.batchConcurrency, maxIds: config.batchMaxIds, partSize: db.kind === "pglite" ? PGLITE_BATCH_PART : Number.POSITIVE_INFINITY };
  const groupsRepo = new CustomerGroupsRepository(db.db);
  customerGroupRoutes(app, new CustomerGroupsService(db.db, groupsRepo, events, customersRepo, batch), customers);
  customerRoutes(app, customers);
  storeCustomerRoutes(app, customers, auth, cookies);
  const regions = new RegionsRepository(db.db);
  regionRoutes(app, new RegionsService(db.db, regions));
  const products = new ProductsRepository(db.db);
  productRoutes(app, new ProductsService(db.db, products, regions));
  const pricing = new PricingService(new PricingRepository(db.db));
  const storeCache = new StoreResponseCache(config.storeCacheBytes);
  const respond = storeResponder(storeCache, (customerId) => pricing.stamp(customerId));
  storeCatalogRoutes(app, new StoreCatalogService(new StoreCatalogRepository(db.db), products, regions, pricing), respond);
  priceListRoutes(app, new PriceListsService(db.db, new PriceListsRepository(db.db), products, regions, events));
  pricingInsightRoutes(app, new PricingInsightService(new PricingInsightRepository(db.db), new VariantPricesCache(config.explainCacheRows)));
  eventRoutes(app, new EventsService(events));
  const addressPolicy = { allowPrivateNetworks: config.webhookAllowPrivateNetworks, allowLoopback: config.webhookAllowLoopback };
  webhookRoutes(app, new WebhooksService(new WebhooksRepository(db.db), addressPolicy, clock));

  // Uploads and batch jobs (member imports and exports): files and jobs live in the
  // database, and every instance's runner takes jobs from it.
  const uploads = new UploadStore(db.db);
  await app.register(uploadRoutes, { store: uploads, maxBytes: config.uploadMaxBytes });
  const jobsRepo = new BatchJobsRepository(db.db);
  const runnerOptions: RunnerOptions = { pollMs: batchJobs?.pollMs ?? config.batchJobPollMs, leaseMs: batchJobs?.leaseMs, maxAttempts: batchJobs?.maxAttempts, log: app.log };
  const runner = new BatchJobRunner(
    jobsRepo,
    [
      // Parts of 10,000 ids on PostgreSQL: as fast as 50,000 and no pause of other requests
      // during the confirm (bench/README.md, "Member imports and exports").
      new MemberImportStrategy(db.db, uploads, groupsRepo, jobsRepo, { partSize: db.kind === "pglite" ? PGLITE_BATCH_PART : 10_000, beforeCommit: batchJobs?.beforeCommit }),
      new MemberExportStrategy(db.db, uploads, groupsRepo),
    ],
    runnerOptions,
  );
  app.decorate("batchJobs", runner);
  const batchJobsService = new BatchJobsService(jobsRepo, runner);
  batchJobRoutes(app, batchJobsService);
  registerBackgroundJobs(app, db, events, config, addressPolicy, clock, {
    purgeExpiredSessions: () => auth.purgeExpiredSessions(),
    sweepBatchJobs: (now) => batchJobsService.sweep(now, config.importDryRunDays),
    sweepIncompleteUploads: () => uploads.sweepIncomplete(),
  });
  if (batchJobs?.run ?? config.batchJobRunner) app.addHook("onReady", async () => runner.start());
  app.addHook("onClose", async () => runner.stop());

  await app.register(adminConsoleRoutes, { dir: config.adminDir });

  return app;
}
