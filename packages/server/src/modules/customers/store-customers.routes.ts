import { storeChangeContextOf } from "../../http/change-context.js";
import type { FastifyRequest } from "fastify";
import { Type } from "@sinclair/typebox";
import type { SessionCookies } from "../../http/auth.js";
import type { App } from "../../http/types.js";
import { unauthorized } from "../../shared/errors.js";
import type { AuthService } from "../auth/auth.service.js";
import {
  CustomerExistsResponse,
  CustomerTokenResponse,
  EmailParams,
  RegisterCustomerBody,
  StoreCustomerResponse,
  StoreLoginBody,
  StoreUpdateCustomerBody,
} from "@cohort/contract";
import { STORE_AUTH_RELATIONS, STORE_CUSTOMER_RELATIONS, type CustomersService } from "./customers.service.js";

const tags = ["Store Customers"];

export function storeCustomerRoutes(app: App, customers: CustomersService, auth: AuthService, cookies: SessionCookies) {
  /** The logged-in customer's id; 401 for an anonymous request. */
  const requireCustomer = async (request: FastifyRequest): Promise<string> => {
    const id = await request.customerId();
    if (!id) throw unauthorized();
    return id;
  };
  /** The logged-in customer with the given relations; 401 when anonymous or gone. */
  const loggedIn = async (request: FastifyRequest, relations: typeof STORE_AUTH_RELATIONS) => {
    const customer = await customers.findForStore(await requireCustomer(request), relations);
    if (!customer) throw unauthorized();
    return customer;
  };
  const login = (request: FastifyRequest, body: { email: string; password: string }) =>
    auth.guardedLogin("store", body.email, request.ip, () => customers.authenticate(body.email, body.password));

  app.post(
    "/store/auth",
    { schema: { tags, summary: "Log a customer in with a session", body: StoreLoginBody, response: { 200: StoreCustomerResponse } } },
    async (request, reply) => {
      const customer = await login(request, request.body);
      const { sid, expires } = await auth.startSession(cookies.sid(request), { customer_id: customer.id });
      cookies.set(reply, sid, expires);
      return { customer: (await customers.findForStore(customer.id, STORE_AUTH_RELATIONS))! };
    },
  );

  app.get(
    "/store/auth",
    { schema: { tags, summary: "The logged-in customer", response: { 200: StoreCustomerResponse } } },
    async (request) => ({ customer: await loggedIn(request, STORE_AUTH_RELATIONS) }),
  );

  app.delete(
    "/store/auth",
    { schema: { tags, summary: "Log the customer out (an admin sharing the session stays)", response: { 200: Type.String() } } },
    async (request, reply) => {
      const sid = cookies.sid(request);
      // The cookie is expired too unless an admin still shares the session.
      if (sid && (await auth.endSession(sid, "customer_id"))) cookies.clear(reply);
      return reply.type("text/plain; charset=utf-8").send("OK");
    },
  );

  app.get(
    "/store/auth/:email",
    { schema: { tags, summary: "Whether a registered customer has this email", params: EmailParams, response: { 200: CustomerExistsResponse } } },
    async (request) => ({ exists: await customers.accountExists(request.params.email) }),
  );

  app.post(
    "/store/auth/token",
    { schema: { tags, summary: "Get a store JWT (30 days)", body: StoreLoginBody, response: { 200: CustomerTokenResponse } } },
    async (request) => ({ access_token: auth.storeToken((await login(request, request.body)).id) }),
  );

  app.post(
    "/store/customers",
    { schema: { tags, summary: "Register a customer, and log them in", body: RegisterCustomerBody, response: { 200: StoreCustomerResponse } } },
    async (request, reply) => {
      const customer = await customers.register(request.body, storeChangeContextOf(request));
      const { sid, expires } = await auth.startSession(cookies.sid(request), { customer_id: customer.id });
      cookies.set(reply, sid, expires);
      return { customer };
    },
  );

  app.get(
    "/store/customers/me",
    { schema: { tags, summary: "The logged-in customer", response: { 200: StoreCustomerResponse } } },
    async (request) => ({ customer: await loggedIn(request, STORE_CUSTOMER_RELATIONS) }),
  );

  app.post(
    "/store/customers/me",
    { schema: { tags, summary: "Update the logged-in customer", body: StoreUpdateCustomerBody, response: { 200: StoreCustomerResponse } } },
    async (request) => ({ customer: await customers.storeUpdate(await requireCustomer(request), request.body, storeChangeContextOf(request)) }),
  );
}
