import { describe, expect, it } from "vitest";
import { describeActor, describeEvent } from "./describe";

const event = (type: string, data: unknown, actor: { type: string; id: string | null } = { type: "user", id: "usr_1" }, source = "api") => ({ type, data, actor, source });

describe("describeEvent", () => {
  it("names the group, customer or price list the event is about", () => {
    expect(describeEvent(event("customer_group.created", { id: "cgrp_1", name: "VIP" }))).toBe("Customer group “VIP” created");
    expect(describeEvent(event("customer_group.deleted", { id: "cgrp_1", name: "VIP" }))).toBe("Customer group “VIP” deleted");
    expect(describeEvent(event("customer.updated", { id: "cus_1", email: "ada@example.com" }))).toBe("Customer “ada@example.com” changed");
    expect(describeEvent(event("price_list.expired", { id: "pl_1", name: "Summer" }))).toBe("Price list “Summer” ended");
  });

  it("counts the customers of a membership event", () => {
    expect(describeEvent(event("customer_group.customers_added", { customer_group_id: "cgrp_1", customer_ids: ["a", "b", "c"] }))).toBe("3 customers added to the group");
    expect(describeEvent(event("customer_group.customers_removed", { customer_group_id: "cgrp_1", customer_ids: ["a"] }))).toBe("1 customer removed from the group");
    expect(describeEvent(event("customer_group.membership_expired", { customer_group_id: "cgrp_1", customer_ids: ["a", "b"] }))).toBe("2 memberships ended (time window)");
  });

  it("falls back to the type for data without a name, and for unknown types", () => {
    expect(describeEvent(event("price_list.updated", { id: "pl_1" }))).toBe("Price list changed");
    expect(describeEvent(event("something.new", {}))).toBe("something.new");
  });
});

describe("describeActor", () => {
  it("says who and through what", () => {
    expect(describeActor(event("x", {}, { type: "user", id: "usr_1" }, "api"))).toBe("usr_1 (API)");
    expect(describeActor(event("x", {}, { type: "api_token", id: "usr_2" }, "import"))).toBe("API token of usr_2 (import)");
    expect(describeActor(event("x", {}, { type: "system", id: null }, "schedule"))).toBe("Schedule");
  });
});
