import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Cohort from "@cohort/client";
import { startCohort, uniq, type LiveCohort } from "./cohort-server.js";
import { failure, ISO, RESPONSE_200 } from "./helpers.js";

let t: LiveCohort;
let cohort: Cohort;
beforeAll(async () => {
  t = await startCohort();
  cohort = new Cohort({ baseUrl: t.baseUrl, apiKey: t.admin.token });
});
afterAll(() => t.close());

const email = () => `${uniq("c")}@example.com`;
const newCustomer = async (overrides: Partial<Parameters<Cohort["admin"]["customers"]["create"]>[0]> = {}) =>
  (await cohort.admin.customers.create({ email: email(), first_name: "Ada", last_name: "Lovelace", password: "pw-123456", ...overrides })).customer;
const newGroup = async (name = uniq("Group ")) => (await cohort.admin.customerGroups.create({ name })).customer_group;

const customerShape = {
  id: expect.stringMatching(/^cus_/),
  email: expect.any(String),
  first_name: expect.any(String),
  last_name: expect.any(String),
  billing_address_id: null,
  phone: null,
  has_account: true,
  metadata: null,
  created_at: ISO,
  updated_at: ISO,
  deleted_at: null,
};

describe("admin.customerGroups", () => {
  it("create, retrieve (expand, fields), update (metadata merge), list and delete", async () => {
    const name = uniq("VIP ");
    const { customer_group, response } = await cohort.admin.customerGroups.create({ name, metadata: { tier: 1, keep: "x" } });
    expect(response.status).toBe(200);
    expect(customer_group).toEqual({ id: expect.stringMatching(/^cgrp_/), name, metadata: { tier: 1, keep: "x" }, created_at: ISO, updated_at: ISO, deleted_at: null });
    const id = customer_group.id!;

    expect((await cohort.admin.customerGroups.retrieve(id)).customer_group).toEqual(customer_group);
    expect((await cohort.admin.customerGroups.retrieve(id, { fields: "name" })).customer_group).toEqual({ id, name });
    expect((await cohort.admin.customerGroups.retrieve(id, { expand: "customers,price_lists" })).customer_group).toMatchObject({ customers: [], price_lists: [] });

    const { customer_group: updated } = await cohort.admin.customerGroups.update(id, { metadata: { tier: 2, keep: "" } });
    expect(updated).toMatchObject({ id, name, metadata: { tier: 2 } });
    expect(updated).not.toHaveProperty("customers");

    const list = await cohort.admin.customerGroups.list({ name: [name] });
    expect(list).toEqual({ count: 1, customer_groups: [expect.objectContaining({ id })], offset: 0, limit: 10, response: RESPONSE_200 });
    const searched = await cohort.admin.customerGroups.list({ q: name.toLowerCase(), created_at: { gt: new Date(Date.now() - 3600_000) }, limit: 2 });
    expect(searched.customer_groups.map((g) => g.id)).toEqual([id]);
    expect((await cohort.admin.customerGroups.list()).limit).toBe(10);

    expect(await cohort.admin.customerGroups.delete(id)).toEqual({ id, object: "customer_group", deleted: true, response: RESPONSE_200 });
    expect(await cohort.admin.customerGroups.delete(id)).toMatchObject({ id, deleted: true });
    const err = await failure(cohort.admin.customerGroups.retrieve(id));
    expect(err).toMatchObject({ status: 404, type: "not_found", message: `CustomerGroup with id ${id} was not found` });
  });

  it("addCustomers, listCustomers and removeCustomers", async () => {
    const group = await newGroup();
    const [a, b] = [await newCustomer({ first_name: "Grace" }), await newCustomer()];
    const added = await cohort.admin.customerGroups.addCustomers(group.id!, { customer_ids: [{ id: a.id }, { id: b.id }] });
    expect(added.customer_group).toMatchObject({ id: group.id, name: group.name });

    const members = await cohort.admin.customerGroups.listCustomers(group.id!);
    expect(members).toMatchObject({ count: 2, offset: 0, limit: 50 });
    expect(members.customers.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    expect(members.customers[0]!.groups).toEqual([expect.objectContaining({ id: group.id })]);
    const grace = await cohort.admin.customerGroups.listCustomers(group.id!, { q: "grace", limit: 1 });
    expect(grace.customers.map((c) => c.id)).toEqual([a.id]);

    const removed = await cohort.admin.customerGroups.removeCustomers(group.id!, { customer_ids: [{ id: a.id }] });
    expect(removed.customer_group.id).toBe(group.id);
    expect((await cohort.admin.customerGroups.listCustomers(group.id!)).customers.map((c) => c.id)).toEqual([b.id]);
  });

  it("adds nobody when one customer id is unknown (404 with v1's message)", async () => {
    const group = await newGroup();
    const known = await newCustomer();
    const err = await failure(cohort.admin.customerGroups.addCustomers(group.id!, { customer_ids: [{ id: known.id }, { id: "cus_missing" }] }));
    expect(err).toMatchObject({ status: 404, type: "not_found", message: 'The following customer ids do not exist: "cus_missing"' });
    expect((await cohort.admin.customerGroups.listCustomers(group.id!)).count).toBe(0);
  });

  it("rejects a duplicate name with 422 duplicate_error", async () => {
    const name = uniq("Dup ");
    await newGroup(name);
    const err = await failure(cohort.admin.customerGroups.create({ name }));
    expect(err).toMatchObject({ status: 422, type: "duplicate_error", code: "invalid_request_error", message: `Key (name)=(${name}) already exists.` });
    expect(err.response?.data).toEqual({ type: "duplicate_error", code: "invalid_request_error", message: `Key (name)=(${name}) already exists.` });
  });

  it("refuses to delete the only group of a price list (409) and the list's prices stay private", async () => {
    const group = await newGroup();
    const { price_list } = await cohort.admin.priceLists.create({ name: uniq("PL "), description: "d", type: "sale", prices: [], customer_groups: [{ id: group.id! }] });
    expect(price_list.customer_groups).toEqual([expect.objectContaining({ id: group.id })]);
    const err = await failure(cohort.admin.customerGroups.delete(group.id!));
    expect(err).toMatchObject({ status: 409, type: "conflict", code: "invalid_state_error" });
    expect(err.message).toContain(price_list.id);
    expect((await cohort.admin.customerGroups.retrieve(group.id!)).customer_group.id).toBe(group.id);
  });

  it("price lists filter by customer groups", async () => {
    const group = await newGroup();
    const { price_list } = await cohort.admin.priceLists.create({ name: uniq("PL "), description: "d", type: "sale", prices: [], customer_groups: [{ id: group.id! }] });
    const { price_lists } = await cohort.admin.priceLists.list({ customer_groups: [group.id!] });
    expect(price_lists.map((p) => p.id)).toEqual([price_list.id]);
    const { price_list: cleared } = await cohort.admin.priceLists.update(price_list.id, { customer_groups: [] });
    expect(cleared.customer_groups).toEqual([]);
  });
});

describe("admin.customers", () => {
  it("create (201), retrieve, update (groups replace the membership set) and list", async () => {
    const address = email();
    const { customer, response } = await cohort.admin.customers.create({ email: address.toUpperCase(), first_name: "Ada", last_name: "L", password: "pw-123456" });
    expect(response.status).toBe(201);
    expect(customer).toEqual({ ...customerShape, email: address, first_name: "Ada", last_name: "L" });
    expect(JSON.stringify(customer)).not.toContain("password");

    const retrieved = await cohort.admin.customers.retrieve(customer.id);
    expect(retrieved.customer).toMatchObject({ id: customer.id, email: address, orders: [], shipping_addresses: [] });

    const [g1, g2] = [await newGroup(), await newGroup()];
    const { customer: updated } = await cohort.admin.customers.update(customer.id, { first_name: "Augusta", groups: [{ id: g1.id! }, { id: g2.id! }], metadata: { vip: true } });
    expect(updated).toMatchObject({ id: customer.id, first_name: "Augusta", metadata: { vip: true } });
    const inG1 = await cohort.admin.customers.list({ groups: [g1.id!], expand: "groups" });
    expect(inG1.customers.map((c) => c.id)).toEqual([customer.id]);
    await cohort.admin.customers.update(customer.id, { groups: [{ id: g2.id! }] });
    expect((await cohort.admin.customers.list({ groups: [g1.id!] })).count).toBe(0);

    const list = await cohort.admin.customers.list({ q: address, has_account: true, limit: 5, offset: 0 });
    expect(list).toMatchObject({ count: 1, offset: 0, limit: 5 });
    expect(list.customers[0]!.id).toBe(customer.id);
  });

  it("retrieve and update take an expand query after the headers (a customer's groups)", async () => {
    const customer = await newCustomer();
    const [g1, g2] = [await newGroup(), await newGroup()];
    const { customer: updated } = await cohort.admin.customers.update(customer.id, { groups: [{ id: g1.id! }, { id: g2.id! }] }, {}, { expand: "groups" });
    expect(updated.groups!.map((g) => g.id).sort()).toEqual([g1.id, g2.id].sort());
    expect(updated).not.toHaveProperty("orders");
    const { customer: retrieved } = await cohort.admin.customers.retrieve(customer.id, {}, { expand: "groups" });
    expect(retrieved.groups!.map((g) => g.id).sort()).toEqual([g1.id, g2.id].sort());
    expect(retrieved).not.toHaveProperty("shipping_addresses");
  });

  it("customer groups carry their member count with expand=customer_count", async () => {
    const group = await newGroup();
    const [a, b] = [await newCustomer(), await newCustomer()];
    await cohort.admin.customerGroups.addCustomers(group.id!, { customer_ids: [{ id: a.id }, { id: b.id }] });
    const { customer_groups } = await cohort.admin.customerGroups.list({ name: [group.name!], expand: "customer_count" });
    expect(customer_groups.map((g) => g.customer_count)).toEqual([2]);
    const { customer_group } = await cohort.admin.customerGroups.retrieve(group.id!, { expand: "customer_count" });
    const count: number | undefined = customer_group.customer_count;
    expect(count).toBe(2);
  });

  it("surfaces v1's errors: unknown group 404, email change 400, duplicate account 422", async () => {
    const customer = await newCustomer();
    const unknown = await failure(cohort.admin.customers.update(customer.id, { groups: [{ id: "cgrp_nope" }] }));
    expect(unknown).toMatchObject({ status: 404, message: "Customer_group with customer_group_id cgrp_nope does not exist." });
    const emailChange = await failure(cohort.admin.customers.update(customer.id, { email: email() }));
    expect(emailChange).toMatchObject({ status: 400, message: "Email cannot be changed when the user has registered their account" });
    const dup = await failure(cohort.admin.customers.create({ email: customer.email, first_name: "a", last_name: "b", password: "p" }));
    expect(dup).toMatchObject({ status: 422, type: "duplicate_error", message: "A customer with the given email already has an account. Log in instead" });
    expect((await failure(cohort.admin.customers.retrieve("cus_nope"))).message).toBe("Customer with id: cus_nope was not found");
  });
});

describe("store customers and customer auth in Node", () => {
  it("customers.create registers and logs in: the same instance is then the customer", async () => {
    const shopper = new Cohort({ baseUrl: t.baseUrl });
    const address = email();
    const { customer, response } = await shopper.customers.create({ email: address, password: "pw-123456", first_name: "Sam" });
    expect(response.status).toBe(200);
    expect(customer).toMatchObject({ ...customerShape, email: address, first_name: "Sam", last_name: null, billing_address: null, shipping_addresses: [] });
    expect(customer).not.toHaveProperty("groups");

    expect((await shopper.customers.retrieve()).customer.id).toBe(customer.id);
    expect((await shopper.auth.getSession()).customer.id).toBe(customer.id);
    const { customer: updated } = await shopper.customers.update({ last_name: "Smith", metadata: { newsletter: true } });
    expect(updated).toMatchObject({ id: customer.id, last_name: "Smith", metadata: { newsletter: true } });

    // another instance is anonymous
    expect((await failure(new Cohort({ baseUrl: t.baseUrl }).customers.retrieve())).status).toBe(401);

    await shopper.auth.deleteSession();
    expect((await failure(shopper.customers.retrieve())).status).toBe(401);
  });

  it("auth.authenticate logs in with a session; wrong credentials give 401 'Unauthorized'", async () => {
    const customer = await newCustomer();
    const shopper = new Cohort({ baseUrl: t.baseUrl });
    const bad = await failure(shopper.auth.authenticate({ email: customer.email, password: "wrong" }));
    expect(bad).toMatchObject({ status: 401, body: "Unauthorized" });
    const { customer: me } = await shopper.auth.authenticate({ email: customer.email, password: "pw-123456" });
    expect(me).toMatchObject({ id: customer.id, email: customer.email });
    expect((await shopper.auth.getSession()).customer.id).toBe(customer.id);
    await shopper.auth.deleteSession();
    expect(shopper.client.getSessionCookie()).toBeUndefined();
    expect((await failure(shopper.auth.getSession())).status).toBe(401);
  });

  it("auth.getToken stores a store JWT, sent as Bearer on store calls only", async () => {
    const customer = await newCustomer();
    const shopper = new Cohort({ baseUrl: t.baseUrl });
    const { access_token } = await shopper.auth.getToken({ email: customer.email, password: "pw-123456" });
    expect(access_token.split(".")).toHaveLength(3);
    expect(shopper.client.getJwt("store")).toBe(access_token);
    expect((await shopper.customers.retrieve()).customer.id).toBe(customer.id);
    // a store token is no admin credential
    expect((await failure(shopper.admin.auth.getSession())).status).toBe(401);
  });

  it("auth.exists tells whether a registered customer has the email", async () => {
    const customer = await newCustomer({ email: `${uniq("a+b")}@example.com` });
    expect(await cohort.auth.exists(customer.email)).toEqual({ exists: true, response: RESPONSE_200 });
    expect((await cohort.auth.exists(`nobody-${uniq()}@example.com`)).exists).toBe(false);
  });

  it("one instance can hold an admin and a customer session: each logout keeps the other", async () => {
    const customer = await newCustomer();
    const both = new Cohort({ baseUrl: t.baseUrl });
    await both.admin.auth.createSession({ email: t.admin.email, password: t.admin.password });
    await both.auth.authenticate({ email: customer.email, password: "pw-123456" });
    expect((await both.admin.auth.getSession()).user.id).toBe(t.admin.id);
    expect((await both.auth.getSession()).customer.id).toBe(customer.id);

    await both.admin.auth.deleteSession();
    expect((await failure(both.admin.auth.getSession())).status).toBe(401);
    expect((await both.auth.getSession()).customer.id).toBe(customer.id);
    await both.auth.deleteSession();
    expect(both.client.getSessionCookie()).toBeUndefined();
  });
});
