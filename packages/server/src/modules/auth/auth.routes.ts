import { Type } from "@sinclair/typebox";
import type { SessionCookies } from "../../http/auth.js";
import type { App } from "../../http/types.js";
import { ErrorBody, LoginBody, SessionResponse, TokenResponse } from "@cohort/contract";
import type { AuthService } from "./auth.service.js";

const tags = ["Auth"];

export function adminAuthRoutes(app: App, auth: AuthService, cookies: SessionCookies) {
  app.post(
    "/admin/auth",
    {
      config: { public: true },
      schema: { tags, summary: "Log in with a session", body: LoginBody, response: { 200: SessionResponse, 400: ErrorBody, 429: ErrorBody } },
    },
    async (request, reply) => {
      const user = await auth.loginAdmin(request.body.email, request.body.password, request.ip);
      const { sid, expires } = await auth.startSession(cookies.sid(request), { user_id: user.id });
      cookies.set(reply, sid, expires);
      return { user };
    },
  );

  app.get("/admin/auth", { schema: { tags, summary: "The logged-in admin user", response: { 200: SessionResponse } } }, async (request) => ({
    user: request.user!,
  }));

  app.delete("/admin/auth", { schema: { tags, summary: "Log out", response: { 200: Type.String() } } }, async (request, reply) => {
    const sid = cookies.sid(request);
    // The cookie is expired too unless a customer still shares the session.
    if (sid && (await auth.endSession(sid, "user_id"))) cookies.clear(reply);
    return reply.type("text/plain; charset=utf-8").send("OK");
  });

  app.post(
    "/admin/auth/token",
    {
      config: { public: true },
      schema: { tags, summary: "Get an admin JWT (24 h)", body: LoginBody, response: { 200: TokenResponse, 400: ErrorBody, 429: ErrorBody } },
    },
    async (request) => {
      const user = await auth.loginAdmin(request.body.email, request.body.password, request.ip);
      return { access_token: auth.adminToken(user.id) };
    },
  );
}
