// The snippets of the customer-groups guide (shared/seed/customer-groups-guide.txt), run as
// written for medusa-js; only the import line differs:
//   import Medusa from "@medusajs/medusa-js";
import Medusa from "@cohort/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCohort, uniq, type LiveCohort } from "./cohort-server.js";

let t: LiveCohort;
beforeAll(async () => {
  t = await startCohort();
});
afterAll(() => t.close());

/** The guide logs with console.log; the test collects what it would print. */
function logger() {
  const lines: unknown[] = [];
  return { console: { log: (value: unknown) => lines.push(value) }, lines };
}

async function guide(medusa: Medusa, customerId: string) {
  const { console, lines } = logger();
  let customerGroupId = "";

  // Create Customer Groups
  await medusa.admin.customerGroups
    .create({
      name: "VIP",
    })
    .then(({ customer_group }) => {
      console.log(customer_group.id);
      customerGroupId = customer_group.id!;
    });

  // List Customer Groups
  await medusa.admin.customerGroups.list().then(({ customer_groups, limit, offset, count }) => {
    console.log(customer_groups.length);
    console.log([limit, offset, count]);
  });

  // Retrieve a Customer Group
  await medusa.admin.customerGroups.retrieve(customerGroupId).then(({ customer_group }) => {
    console.log(customer_group.id);
  });

  // Update a Customer Group
  await medusa.admin.customerGroups
    .update(customerGroupId, {
      metadata: {
        is_seller: true,
      },
    })
    .then(({ customer_group }) => {
      console.log(customer_group.id);
      console.log(customer_group.metadata);
    });

  // Add Customer to Group
  await medusa.admin.customerGroups
    .addCustomers(customerGroupId, {
      customer_ids: [
        {
          id: customerId,
        },
      ],
    })
    .then(({ customer_group }) => {
      console.log(customer_group.id);
    });

  // List Customers
  await medusa.admin.customerGroups.listCustomers(customerGroupId).then(({ customers, count, offset, limit }) => {
    console.log(customers.length);
    console.log([count, offset, limit]);
  });

  // Remove Customers from a Group
  const customer_group_id = customerGroupId;
  const customer_id = customerId;
  await medusa.admin.customerGroups
    .removeCustomers(customer_group_id, {
      customer_ids: [
        {
          id: customer_id,
        },
      ],
    })
    .then(({ customer_group }) => {
      console.log(customer_group.id);
    });
  await medusa.admin.customerGroups.listCustomers(customerGroupId).then(({ customers }) => {
    console.log(customers.length);
  });

  // Delete Customer Group
  await medusa.admin.customerGroups.delete(customerGroupId).then(({ id, object, deleted }) => {
    console.log(id);
    console.log([object, deleted]);
  });

  return { lines, customerGroupId };
}

const expected = (id: string) => [id, 1, [10, 0, 1], id, id, { is_seller: true }, id, 1, [1, 0, 50], id, 0, id, ["customer_group", true]];

describe("the customer-groups guide, with @cohort/client in place of medusa-js", () => {
  it("runs every snippet with an API token (the way medusa-js authenticates in Node)", async () => {
    const medusa = new Medusa({ baseUrl: t.baseUrl, maxRetries: 3, apiKey: t.admin.token });
    const { customer } = await medusa.admin.customers.create({ email: `${uniq("guide")}@example.com`, first_name: "G", last_name: "Uide", password: "pw-123456" });
    const { lines, customerGroupId } = await guide(medusa, customer.id);
    expect(customerGroupId).toMatch(/^cgrp_/);
    expect(lines).toEqual(expected(customerGroupId));
    // the customer is still in the store after being removed from the group
    expect((await medusa.admin.customers.retrieve(customer.id)).customer.id).toBe(customer.id);
  });

  it("runs every snippet after admin.auth.createSession (a session that medusa-js could not keep in Node)", async () => {
    const medusa = new Medusa({ baseUrl: t.baseUrl, maxRetries: 3 });
    await medusa.admin.auth.createSession({ email: t.admin.email, password: t.admin.password });
    const { customer } = await medusa.admin.customers.create({ email: `${uniq("guide")}@example.com`, first_name: "G", last_name: "Uide", password: "pw-123456" });
    const { lines, customerGroupId } = await guide(medusa, customer.id);
    expect(lines).toEqual(expected(customerGroupId));
  });
});
