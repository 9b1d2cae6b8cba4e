import type { FastifyRequest } from "fastify";
import type { Config } from "../../config.js";
import type { App } from "../../http/types.js";
import { SETUP_TOKEN_HEADER, SetupBody, SetupStatus, UserResponse } from "@cohort/contract";
import type { SetupService } from "./setup.service.js";

const tags = ["Setup"];
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const FORWARDING_HEADERS = ["forwarded", "x-forwarded-for", "x-real-ip"];

/**
 * A request from this machine itself: a loopback peer, outside production, that no proxy
 * relayed (behind a proxy on the same machine every request arrives from loopback, so a
 * forwarded request never counts as local).
 */
function fromThisMachine(request: FastifyRequest, env: Config["env"]): boolean {
  if (env === "production") return false;
  if (FORWARDING_HEADERS.some((h) => request.headers[h] !== undefined)) return false;
  return LOOPBACK.test(request.socket.remoteAddress ?? "");
}

/** The server side of the admin console's first-run screen (public while there is no user). */
export function setupRoutes(app: App, setup: SetupService, config: Pick<Config, "env">) {
  app.get(
    "/admin/setup",
    { config: { public: true }, schema: { tags, summary: "Whether the first admin still has to be created", response: { 200: SetupStatus } } },
    async () => ({ setup_required: await setup.setupRequired() }),
  );

  app.post(
    "/admin/setup",
    {
      config: { public: true },
      schema: {
        tags,
        summary: "Create the first admin user (only while there is no user)",
        description: `Allowed from this machine (not in production), or anywhere with the one-time setup token the server printed at start in the \`${SETUP_TOKEN_HEADER}\` header. 409 once any user exists.`,
        body: SetupBody,
        response: { 200: UserResponse },
      },
    },
    async (request) => {
      const token = request.headers[SETUP_TOKEN_HEADER];
      return {
        user: await setup.setup(request.body, { trusted: fromThisMachine(request, config.env), token: typeof token === "string" ? token : undefined }),
      };
    },
  );
}
