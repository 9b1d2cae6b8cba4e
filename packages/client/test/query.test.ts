import qs from "qs";
import { describe, expect, it } from "vitest";
import { stringifyQuery } from "@cohort/client";

describe("stringifyQuery", () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ["scalars", { q: "vip", limit: 10, offset: 0, has_account: true }],
    ["arrays as a[0]=x", { name: ["VIP", "Wholesale"], groups: ["cgrp_1"] }],
    ["comparison objects", { created_at: { gt: "2020-01-01", lte: "2024-12-31T23:59:59.000Z" } }],
    ["dates", { created_at: { gt: new Date("2024-05-06T07:08:09.010Z") } }],
    ["arrays of objects", { customer_groups: [{ id: "a" }, { id: "b" }] }],
    ["nested arrays", { a: [[1, 2], [3]] }],
    ["null and undefined", { a: null, b: undefined, c: "x" }],
    ["empty arrays and objects", { a: [], b: {}, c: 1 }],
    ["reserved characters", { q: "a b&c=d/é?#+%!'()*~._-", "we ird": "[x]" }],
    ["expand and fields", { expand: "customers,price_lists", fields: "id,name", order: "-created_at" }],
  ];

  for (const [name, query] of cases) {
    it(`serialises ${name} as qs.stringify does`, () => {
      expect(stringifyQuery(query)).toBe(qs.stringify(query));
    });
  }

  it("gives the bracket forms v1 parses", () => {
    expect(decodeURIComponent(stringifyQuery({ name: ["a"], created_at: { gt: "2020-01-01" } }))).toBe("name[0]=a&created_at[gt]=2020-01-01");
  });
});
