import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMembers, createGroup, insertCustomers, tag } from "../../../test/factories.js";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const invalid = (message: string) => ({ type: "invalid_data", message });

type Headers = Record<string, string>;
const request = (method: "GET" | "POST" | "DELETE", url: string, payload?: unknown, headers: Headers = {}) =>
  t.app.inject({ method, url, headers, payload: payload as object | undefined });

/** `connect.sid=…` from a response, to send back as a Cookie header. */
function sessionCookie(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers["set-cookie"];
  const header = (Array.isArray(raw) ? raw : [raw]).find((c) => String(c).startsWith("connect.sid="));
  if (!header) throw new Error("no connect.sid cookie");
  return String(header).split(";")[0]!;
}

async function register(overrides: Record<string, unknown> = {}) {
  const body = { email: `${tag()}@example.com`, password: "pw-secret", first_name: "Ada", last_name: "Lovelace", ...overrides };
  const res = await request("POST", "/store/customers", body);
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return { customer: res.json().customer, cookie: sessionCookie(res), email: String(body.email).toLowerCase(), password: body.password as string };
}

describe("POST /store/customers", () => {
  it("registers (200), returns billing_address and shipping_addresses, and logs the customer in", async () => {
    const email = `${tag("Reg")}@Example.com`;
    const res = await request("POST", "/store/customers", { email, password: "pw", first_name: "Ada", last_name: "L", phone: "1" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      customer: {
        id: expect.stringMatching(/^cus_[0-9A-Z]{26}$/),
        email: email.toLowerCase(),
        first_name: "Ada",
        last_name: "L",
        billing_address_id: null,
        phone: "1",
        has_account: true,
        metadata: null,
        created_at: ISO,
        updated_at: ISO,
        deleted_at: null,
        billing_address: null,
        shipping_addresses: [],
      },
    });
    expect(res.body).not.toContain("password");
    expect(String(res.headers["set-cookie"])).toMatch(/^connect\.sid=s%3A.+; Path=\/; Expires=.+; HttpOnly/);
    const me = await request("GET", "/store/customers/me", undefined, { cookie: sessionCookie(res) });
    expect(me.statusCode).toBe(200);
    expect(me.json().customer.id).toBe(res.json().customer.id);
  });

  it("answers 422 for an email that already has an account; a guest with that email does not block", async () => {
    const { email } = await register();
    const dup = await request("POST", "/store/customers", { email: email.toUpperCase(), password: "x" });
    expect(dup.statusCode).toBe(422);
    expect(dup.json()).toEqual({
      type: "duplicate_error",
      code: "invalid_request_error",
      message: "A customer with the given email already has an account. Log in instead",
    });
    const guestEmail = `${tag()}@example.com`;
    await insertCustomers(t.db.db, [{ email: guestEmail }]);
    expect((await request("POST", "/store/customers", { email: guestEmail, password: "x" })).statusCode).toBe(200);
  });

  it("answers 400 for missing fields and unknown properties (groups included)", async () => {
    expect((await request("POST", "/store/customers", {})).json()).toEqual(invalid("email must be an email, password must be a string"));
    expect((await request("POST", "/store/customers", { email: "a@b.co", password: "x", groups: [{ id: "g" }] })).json()).toEqual(
      invalid("property groups should not exist"),
    );
  });
});

describe("POST /store/auth", () => {
  it("logs a registered customer in (case-insensitive email) with orders and shipping_addresses, and sets the session", async () => {
    const { customer, email, password } = await register();
    const res = await request("POST", "/store/auth", { email: email.toUpperCase(), password });
    expect(res.statusCode).toBe(200);
    const { billing_address: _b, ...columns } = customer;
    expect(res.json()).toEqual({ customer: { ...columns, orders: [], shipping_addresses: [] } });
    const session = await request("GET", "/store/auth", undefined, { cookie: sessionCookie(res) });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual(res.json());
  });

  it("answers 401 Unauthorized (plain text) for a wrong password, an unknown email and a guest", async () => {
    const { email } = await register();
    const guestEmail = `${tag()}@example.com`;
    await insertCustomers(t.db.db, [{ email: guestEmail }]);
    for (const body of [
      { email, password: "wrong" },
      { email: `${tag()}@example.com`, password: "pw" },
      { email: guestEmail, password: "" + "pw" },
    ]) {
      const res = await request("POST", "/store/auth", body);
      expect(res.statusCode).toBe(401);
      expect(res.body).toBe("Unauthorized");
      expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    }
  });

  it("answers 400 with v1's message for an empty body", async () => {
    const res = await request("POST", "/store/auth", {});
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(invalid("email must be an email, password should not be empty"));
    expect((await request("POST", "/store/auth", { email: "a@b.co", password: "" })).json()).toEqual(invalid("password should not be empty"));
  });

  it("keeps an admin logged into the same session", async () => {
    const admin = await request("POST", "/admin/auth", { email: t.admin.email, password: t.admin.password });
    const cookie = sessionCookie(admin);
    const { email, password } = await register();
    const login = await request("POST", "/store/auth", { email, password }, { cookie });
    // A new session id (no fixation) that carries the admin over.
    const cookieNow = sessionCookie(login);
    expect(cookieNow).not.toBe(cookie);
    expect((await request("GET", "/admin/auth", undefined, { cookie })).statusCode).toBe(401);
    expect((await request("GET", "/admin/auth", undefined, { cookie: cookieNow })).statusCode).toBe(200);
    expect((await request("DELETE", "/store/auth", {}, { cookie: cookieNow })).statusCode).toBe(200);
    expect((await request("GET", "/store/auth", undefined, { cookie: cookieNow })).statusCode).toBe(401);
    expect((await request("GET", "/admin/auth", undefined, { cookie: cookieNow })).statusCode).toBe(200);
  });
});

describe("GET and DELETE /store/auth", () => {
  it("GET needs a logged-in customer", async () => {
    const res = await request("GET", "/store/auth");
    expect(res.statusCode).toBe(401);
    expect(res.body).toBe("Unauthorized");
    expect((await request("GET", "/store/auth", undefined, { cookie: "connect.sid=s%3Aforged.sig" })).statusCode).toBe(401);
  });

  it("DELETE logs out (200 OK as text) and needs no session", async () => {
    const { cookie } = await register();
    const out = await request("DELETE", "/store/auth", {}, { cookie });
    expect(out.statusCode).toBe(200);
    expect(out.body).toBe("OK");
    expect((await request("GET", "/store/customers/me", undefined, { cookie })).statusCode).toBe(401);
    expect((await request("DELETE", "/store/auth")).body).toBe("OK");
  });
});

describe("GET /store/auth/:email", () => {
  it("tells whether a registered customer has the email", async () => {
    const { email } = await register();
    const guestEmail = `${tag()}@example.com`;
    await insertCustomers(t.db.db, [{ email: guestEmail }]);
    expect((await request("GET", `/store/auth/${encodeURIComponent(email.toUpperCase())}`)).json()).toEqual({ exists: true });
    expect((await request("GET", `/store/auth/${encodeURIComponent(guestEmail)}`)).json()).toEqual({ exists: false });
    expect((await request("GET", "/store/auth/nobody%40example.com")).json()).toEqual({ exists: false });
  });
});

describe("POST /store/auth/token", () => {
  it("returns a 30-day store JWT that authenticates store requests as Bearer", async () => {
    const { customer, email, password } = await register();
    const res = await request("POST", "/store/auth/token", { email, password });
    expect(res.statusCode).toBe(200);
    const { access_token } = res.json();
    const payload = JSON.parse(Buffer.from(access_token.split(".")[1], "base64url").toString());
    expect(payload).toMatchObject({ customer_id: customer.id, domain: "store" });
    expect(payload.exp - payload.iat).toBe(30 * 24 * 60 * 60);
    const me = await request("GET", "/store/customers/me", undefined, { authorization: `Bearer ${access_token}` });
    expect(me.statusCode).toBe(200);
    expect(me.json().customer.id).toBe(customer.id);
  });

  it("answers 401 for bad credentials, and an admin JWT is anonymous on store routes", async () => {
    const { email } = await register();
    const bad = await request("POST", "/store/auth/token", { email, password: "nope" });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toBe("Unauthorized");
    const adminJwt = (await request("POST", "/admin/auth/token", { email: t.admin.email, password: t.admin.password })).json().access_token;
    expect((await request("GET", "/store/customers/me", undefined, { authorization: `Bearer ${adminJwt}` })).statusCode).toBe(401);
  });
});

describe("GET /store/customers/me", () => {
  it("needs a logged-in customer, and never shows groups", async () => {
    expect((await request("GET", "/store/customers/me")).statusCode).toBe(401);
    const { customer, cookie } = await register();
    const group = await createGroup(t);
    await addMembers(t, group.id, [customer.id]);
    const me = await request("GET", "/store/customers/me?expand=groups", undefined, { cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ customer });
    expect(me.body).not.toContain(group.id);
  });
});

describe("POST /store/customers/me", () => {
  it("updates the logged-in customer, merging metadata and lower-casing the email", async () => {
    const { customer, cookie } = await register();
    const email = `${tag("New")}@Example.com`;
    const res = await request("POST", "/store/customers/me", { first_name: "Grace", phone: "42", email, metadata: { a: 1 } }, { cookie });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      customer: { ...customer, first_name: "Grace", phone: "42", email: email.toLowerCase(), metadata: { a: 1 }, updated_at: ISO },
    });
  });

  it("creates, then updates, a billing address; or takes the id of one of its own addresses", async () => {
    const { cookie, customer } = await register();
    const created = await request("POST", "/store/customers/me", { billing_address: { city: "Paris", country_code: "FR" } }, { cookie });
    expect(created.statusCode).toBe(200);
    const billing = created.json().customer.billing_address;
    expect(billing).toMatchObject({ id: expect.stringMatching(/^addr_/), city: "Paris", country_code: "fr", customer_id: null });
    expect(created.json().customer.billing_address_id).toBe(billing.id);
    const updated = await request("POST", "/store/customers/me", { billing_address: { address_1: "1 rue X" } }, { cookie });
    expect(updated.json().customer.billing_address).toMatchObject({ id: billing.id, city: "Paris", address_1: "1 rue X" });
    await t.db.db.insertInto("address").values({ id: "addr_existing_" + tag(), city: "Oslo", customer_id: customer.id }).execute();
    const existing = await t.db.db.selectFrom("address").select("id").where("city", "=", "Oslo").executeTakeFirstOrThrow();
    const byId = await request("POST", "/store/customers/me", { billing_address: existing.id }, { cookie });
    expect(byId.json().customer.billing_address).toMatchObject({ id: existing.id, city: "Oslo" });
    const missing = await request("POST", "/store/customers/me", { billing_address: "addr_nope" }, { cookie });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ type: "not_found", message: "Address with id addr_nope was not found" });
  });

  it("refuses another customer's address id with 404 and leaves that address alone", async () => {
    const victim = await register();
    const own = await request("POST", "/store/customers/me", { billing_address: { city: "Lyon", address_1: "victim st" } }, { cookie: victim.cookie });
    const victimBilling = own.json().customer.billing_address;
    const shipping = "addr_victim_ship_" + tag();
    await t.db.db.insertInto("address").values({ id: shipping, city: "Nice", customer_id: victim.customer.id }).execute();
    const attacker = await register();
    for (const id of [victimBilling.id, shipping]) {
      const res = await request("POST", "/store/customers/me", { billing_address: id }, { cookie: attacker.cookie });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ type: "not_found", message: `Address with id ${id} was not found` });
    }
    const me = await request("GET", "/store/customers/me", undefined, { cookie: attacker.cookie });
    expect(me.json().customer).toMatchObject({ billing_address_id: null, billing_address: null });
    // A later address object makes the attacker an address of its own; the victim's is unchanged.
    const later = await request("POST", "/store/customers/me", { billing_address: { address_1: "overwritten" } }, { cookie: attacker.cookie });
    expect(later.json().customer.billing_address.id).not.toBe(victimBilling.id);
    const victimNow = await request("GET", "/store/customers/me", undefined, { cookie: victim.cookie });
    expect(victimNow.json().customer.billing_address).toMatchObject({ id: victimBilling.id, address_1: "victim st" });
  });

  it("changes the password used to log in", async () => {
    const { cookie, email } = await register({ password: "first" });
    expect((await request("POST", "/store/customers/me", { password: "second" }, { cookie })).statusCode).toBe(200);
    expect((await request("POST", "/store/auth", { email, password: "first" })).statusCode).toBe(401);
    expect((await request("POST", "/store/auth", { email, password: "second" })).statusCode).toBe(200);
  });

  it("cannot change groups, and needs a logged-in customer", async () => {
    const { cookie } = await register();
    const res = await request("POST", "/store/customers/me", { groups: [{ id: "cgrp_x" }] }, { cookie });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(invalid("property groups should not exist"));
    expect((await request("POST", "/store/customers/me", { first_name: "x" })).statusCode).toBe(401);
  });
});
