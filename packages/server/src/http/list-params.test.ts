import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors.js";
import { parseDateFilter, parseExpand, parseFields, parseOrder, parseQueryString, project } from "./list-params.js";

describe("parseQueryString", () => {
  it.each([
    ["a[]=x&a[]=y", { a: ["x", "y"] }],
    ["a[0]=x&a[1]=y", { a: ["x", "y"] }],
    ["created_at[gt]=2020-01-01", { created_at: { gt: "2020-01-01" } }],
    ["limit=10&q=vip", { limit: "10", q: "vip" }],
    // v1 splits a one-element array on commas
    ["customer_groups[]=a,b", { customer_groups: ["a", "b"] }],
    ["customer_groups[0]=a,b", { customer_groups: ["a", "b"] }],
    ["name[]=a,b&name[]=c", { name: ["a,b", "c"] }],
    ["q=a,b", { q: "a,b" }],
  ])("parses %s", (input, expected) => {
    expect(parseQueryString(input)).toEqual(expected);
  });

  it("ignores prototype keys", () => {
    const parsed = parseQueryString("__proto__[x]=1&constructor[y]=2");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(parsed).toEqual({});
  });
});

describe("parseOrder", () => {
  const fallback = { column: "created_at", direction: "desc" } as const;
  it("defaults when absent", () => expect(parseOrder(undefined, ["name"], fallback)).toEqual(fallback));
  it("reads field as ascending and -field as descending", () => {
    expect(parseOrder("name", ["name"], fallback)).toEqual({ column: "name", direction: "asc" });
    expect(parseOrder("-name", ["name"], fallback)).toEqual({ column: "name", direction: "desc" });
  });
  it("refuses an unknown column with invalid_data", () => {
    expect(() => parseOrder("password_hash", ["name"], fallback)).toThrowError(DomainError);
    try {
      parseOrder("nope", ["name"], fallback);
    } catch (err) {
      expect((err as DomainError).type).toBe("invalid_data");
      expect((err as DomainError).message).toContain("order must be one of: name, -name");
    }
  });
});

describe("parseExpand / parseFields / project", () => {
  it("returns undefined when expand is absent and an empty set when it is empty", () => {
    expect(parseExpand(undefined, ["customers"])).toBeUndefined();
    expect(parseExpand("", ["customers"])).toEqual(new Set());
    expect(parseExpand("customers,price_lists", ["customers", "price_lists"])).toEqual(new Set(["customers", "price_lists"]));
  });
  it("refuses unknown relations", () => {
    expect(() => parseExpand("customers,secrets", ["customers"])).toThrow(/unknown relations: secrets/);
  });
  it("adds the always-present columns to fields and refuses unknown ones", () => {
    expect(parseFields("name", ["id", "name", "created_at"], ["id", "created_at"])).toEqual(["id", "created_at", "name"]);
    expect(parseFields(undefined, ["id"], ["id"])).toBeUndefined();
    expect(() => parseFields("password_hash", ["id", "name"], ["id"])).toThrow(/unknown columns: password_hash/);
  });
  it("projects rows onto fields plus relations", () => {
    const row = { id: "1", name: "VIP", metadata: null, customers: [] };
    expect(project(row, ["id", "name"], ["customers"])).toEqual({ id: "1", name: "VIP", customers: [] });
    expect(project(row, undefined)).toBe(row);
  });
});

describe("parseDateFilter", () => {
  it("reads ISO dates and unix seconds", () => {
    expect(parseDateFilter({ gt: "2020-01-01T00:00:00Z", lte: "1700000000" })).toEqual([
      [">", new Date("2020-01-01T00:00:00Z")],
      ["<=", new Date(1_700_000_000_000)],
    ]);
  });
  it.each(["not-a-date", "", "99999-01-01", "2020-02-30", "2021-02-29", "2020-04-31", "2020-00-10", "2020-01-01T24:00:00Z", "2020-01-01T10:60"])(
    "refuses %j with v1's message",
    (value) => {
      expect(() => parseDateFilter({ gt: value })).toThrow("gt must be a Date instance");
    },
  );
  it("takes real calendar days, leap days included, and a bare number as unix seconds (as v1)", () => {
    expect(parseDateFilter({ gt: "2020-02-29", lt: "2000-02-29T23:59:59Z" })).toEqual([
      [">", new Date("2020-02-29")],
      ["<", new Date("2000-02-29T23:59:59Z")],
    ]);
    expect(parseDateFilter({ gt: "1" })).toEqual([[">", new Date(1000)]]);
  });
});
