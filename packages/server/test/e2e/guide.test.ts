import type { AddressInfo } from "node:net";
import * as medusaJs from "@medusajs/medusa-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../harness.js";
import { runSnippet, snippets } from "./guide-snippets.js";

// Every JS-client snippet of Medusa's "How to Use CustomerGroup APIs" guide, run unchanged
// (a verbatim copy of /work/shared/seed/customer-groups-guide.txt sits beside this file)
// with the official client against a listening Cohort.

// The package ships one CommonJS-flavoured d.ts for both of its builds, so TypeScript sees
// the class one `default` deeper than the ESM build Node loads; accept either at run time.
type MedusaClass = typeof medusaJs.default.default;
const loaded = medusaJs.default as unknown as MedusaClass | { default: MedusaClass };
const Medusa: MedusaClass = "default" in loaded ? loaded.default : loaded;

type Client = InstanceType<MedusaClass>;

let t: TestApp;
let medusa: Client;
let code: string[];
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = t.app.server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  medusa = new Medusa({ baseUrl, maxRetries: 0, apiKey: t.admin.token });
  code = snippets();
});
afterAll(() => t.close());

const snippet = (call: string) => {
  const found = code.filter((c) => c.includes(call));
  expect(found, call).toHaveLength(1);
  return found[0]!;
};

describe("the customer groups guide, run with @medusajs/medusa-js", () => {
  let vipId: string;
  let groupId: string;
  let customerId: string;

  it("has the eight JS-client snippets this test runs", () => {
    expect(code).toHaveLength(8);
    expect(code.every((c) => c.trim().startsWith("medusa.admin.customerGroups."))).toBe(true);
  });

  it("Create Customer Groups: creates VIP and logs its id", async () => {
    const { logged, result } = await runSnippet(snippet("customerGroups.create("), medusa);
    const group = result.customer_group as { id: string; name: string };
    expect(group).toEqual({ id: expect.stringMatching(/^cgrp_/), name: "VIP", metadata: null, created_at: expect.any(String), updated_at: expect.any(String), deleted_at: null });
    expect(logged).toEqual([group.id]);
    vipId = group.id;
  });

  it("List Customer Groups: returns the groups with pagination fields", async () => {
    const { logged, result } = await runSnippet(snippet("customerGroups.list("), medusa);
    expect(result).toMatchObject({ count: 1, offset: 0, limit: 10 });
    expect((result.customer_groups as Array<{ id: string }>).map((g) => g.id)).toEqual([vipId]);
    expect(logged).toEqual([1]);
  });

  it("Retrieve a Customer Group: returns the group of that id", async () => {
    const { logged, result } = await runSnippet(snippet("customerGroups.retrieve("), medusa, { customerGroupId: vipId });
    expect(result.customer_group).toMatchObject({ id: vipId, name: "VIP" });
    expect(logged).toEqual([vipId]);
  });

  it("Update a Customer Group: sets metadata and returns the updated group", async () => {
    const { logged, result } = await runSnippet(snippet("customerGroups.update("), medusa, { customerGroupId: vipId });
    expect(result.customer_group).toMatchObject({ id: vipId, name: "VIP", metadata: { is_seller: true } });
    expect(logged).toEqual([vipId]);
  });

  it("Delete Customer Group: returns the id of the deleted group", async () => {
    const { logged, result } = await runSnippet(snippet("customerGroups.delete("), medusa, { customerGroupId: vipId });
    expect(result).toMatchObject({ id: vipId, object: "customer_group", deleted: true });
    expect(logged).toEqual([vipId]);
    const gone = await medusa.admin.customerGroups.retrieve(vipId).catch((err: { response: { status: number; data: unknown } }) => err.response);
    expect(gone).toMatchObject({ status: 404, data: { type: "not_found", message: `CustomerGroup with id ${vipId} was not found` } });
  });

  it("Add Customer to Group: adds the customer and returns the group", async () => {
    groupId = (await medusa.admin.customerGroups.create({ name: "Wholesale" })).customer_group.id;
    customerId = (
      await medusa.admin.customers.create({ email: "buyer@example.com", first_name: "Bea", last_name: "Buyer", password: "supersecret" })
    ).customer.id;
    const { logged, result } = await runSnippet(snippet("customerGroups.addCustomers("), medusa, { customerGroupId: groupId, customerId });
    expect(result.customer_group).toMatchObject({ id: groupId, name: "Wholesale" });
    expect(logged).toEqual([groupId]);
  });

  it("List Customers: returns the group's customers with pagination fields", async () => {
    const { logged, result } = await runSnippet(snippet("customerGroups.listCustomers("), medusa, { customerGroupId: groupId });
    expect(result).toMatchObject({ count: 1, offset: 0, limit: 50 });
    expect(result.customers).toEqual([expect.objectContaining({ id: customerId, email: "buyer@example.com", groups: [expect.objectContaining({ id: groupId })] })]);
    expect(logged).toEqual([1]);
  });

  it("Remove Customers from a Group: removes them (the customer stays in the store) and returns the group", async () => {
    const { logged, result } = await runSnippet(snippet("customerGroups.removeCustomers("), medusa, { customer_group_id: groupId, customer_id: customerId });
    expect(result.customer_group).toMatchObject({ id: groupId });
    expect(logged).toEqual([groupId]);
    expect((await medusa.admin.customerGroups.listCustomers(groupId)).count).toBe(0);
    expect((await medusa.admin.customers.retrieve(customerId)).customer.id).toBe(customerId);
  });
});

describe("@medusajs/medusa-js against the customer routes", () => {
  it("sees 401 Unauthorized as an axios error without credentials", async () => {
    const anonymous = new Medusa({ baseUrl, maxRetries: 0 });
    const err = await anonymous.admin.customerGroups.list().catch((e: { response: { status: number; data: unknown } }) => e.response);
    expect(err).toMatchObject({ status: 401, data: "Unauthorized" });
  });

  it("works with a publishable API key header on every request", async () => {
    const withKey = new Medusa({ baseUrl, maxRetries: 0, apiKey: t.admin.token, publishableApiKey: "pk_test" });
    expect((await withKey.admin.customerGroups.list({ limit: 1 })).limit).toBe(1);
  });

  it("registers, logs in and reads the customer with the session cookie passed back", async () => {
    const store = new Medusa({ baseUrl, maxRetries: 0 });
    const registered = await store.customers.create({ email: "shopper@example.com", password: "pw-shopper", first_name: "S", last_name: "P" });
    expect(registered.customer).toMatchObject({ email: "shopper@example.com", has_account: true, shipping_addresses: [] });
    expect((await store.auth.exists("shopper@example.com")).exists).toBe(true);
    const session = await store.auth.authenticate({ email: "shopper@example.com", password: "pw-shopper" });
    const cookie = String(session.response.headers["set-cookie"]).split(";")[0]!;
    const me = await store.customers.retrieve({ Cookie: cookie });
    expect(me.customer.id).toBe(registered.customer.id);
    const { access_token } = await store.auth.getToken({ email: "shopper@example.com", password: "pw-shopper" });
    expect((await store.auth.getSession({ Authorization: `Bearer ${access_token}` })).customer.id).toBe(registered.customer.id);
    await store.auth.deleteSession({ Cookie: cookie });
    const after = await store.customers.retrieve({ Cookie: cookie }).catch((e: { response: { status: number } }) => e.response);
    expect(after.status).toBe(401);
  });
});
