import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Cohort from "@cohort/client";
import { startCohort, uniq, type LiveCohort } from "./cohort-server.js";
import { failure, RESPONSE_200 } from "./helpers.js";

let t: LiveCohort;
let cohort: Cohort;
beforeAll(async () => {
  t = await startCohort();
  cohort = new Cohort({ baseUrl: t.baseUrl, apiKey: t.admin.token });
});
afterAll(() => t.close());

describe("admin.events", () => {
  it("lists a group's events with who made them, and replays after a cursor", async () => {
    const { customer_group } = await cohort.admin.customerGroups.create({ name: uniq("Audited ") });
    await cohort.admin.customerGroups.update(customer_group.id!, { name: uniq("Renamed ") });
    const page = await cohort.admin.events.list({ customer_group_id: customer_group.id! });
    expect(page.response).toEqual(RESPONSE_200);
    expect(page.count).toBe(2);
    expect(page.events.map((e) => e.type)).toEqual(["customer_group.updated", "customer_group.created"]);
    expect(page.events[0]!.actor).toEqual({ type: "api_token", id: t.admin.id });
    const replay = await cohort.admin.events.list({ after: page.events[1]!.id, customer_group_id: customer_group.id! });
    expect(replay.events.map((e) => e.id)).toEqual([page.events[0]!.id]);
  });
});

describe("admin.webhooks", () => {
  it("create (with its secret), retrieve, update, rotate the secret, list deliveries and delete", async () => {
    const { webhook } = await cohort.admin.webhooks.create({ url: "https://hooks.example.com/in", events: ["customer_group.*"] });
    expect(webhook.secret).toMatch(/^whsec_/);
    expect((await cohort.admin.webhooks.retrieve(webhook.id)).webhook).not.toHaveProperty("secret");
    expect((await cohort.admin.webhooks.update(webhook.id, { description: "search index" })).webhook.description).toBe("search index");
    expect((await cohort.admin.webhooks.rotateSecret(webhook.id)).webhook.secret).not.toBe(webhook.secret);
    await cohort.admin.customerGroups.create({ name: uniq("Hooked ") });
    const deliveries = await cohort.admin.webhooks.listDeliveries(webhook.id);
    expect(deliveries.deliveries[0]).toMatchObject({ status: "pending", attempts: 0, event_type: "customer_group.created" });
    const again = await cohort.admin.webhooks.redeliver(webhook.id, deliveries.deliveries[0]!.id);
    expect(again.delivery.status).toBe("pending");
    expect((await cohort.admin.webhooks.list()).webhooks.map((w) => w.id)).toContain(webhook.id);
    expect(await cohort.admin.webhooks.delete(webhook.id)).toMatchObject({ id: webhook.id, object: "webhook", deleted: true });
    expect(await failure(cohort.admin.webhooks.retrieve(webhook.id))).toMatchObject({ status: 404, type: "not_found" });
  });
});
