import { describe, expect, it } from "vitest";
import { VersionedCache } from "./versioned-cache.js";

describe("VersionedCache", () => {
  /** Values weighed by their length. */
  const cache = (max: number) => new VersionedCache<string>(max, (v) => v.length);

  it("returns a value only for the version it was stored at, and forgets it at another", () => {
    const c = cache(100);
    c.set("k", "7", "x".repeat(10));
    expect(c.get("k", "7")).toBe("x".repeat(10));
    expect(c.get("k", "8")).toBeUndefined();
    expect(c.get("k", "7")).toBeUndefined();
    expect(c.weight).toBe(0);
  });

  it("keeps within its budget, dropping the least recently used first", () => {
    const c = cache(100);
    c.set("a", "1", "a".repeat(40));
    c.set("b", "1", "b".repeat(40));
    expect(c.get("a", "1")).toBeDefined(); // a is now the most recent
    c.set("c", "1", "c".repeat(40));
    expect(c.get("b", "1")).toBeUndefined();
    expect(c.get("a", "1")).toBeDefined();
    expect(c.get("c", "1")).toBeDefined();
    expect(c.weight).toBe(80);
  });

  it("replaces an entry in place, skips a value over the budget, and is off at 0", () => {
    const c = cache(100);
    c.set("a", "1", "x".repeat(40));
    c.set("a", "2", "x".repeat(30));
    expect(c.weight).toBe(30);
    expect(c.get("a", "2")?.length).toBe(30);
    c.set("big", "2", "x".repeat(101));
    expect(c.get("big", "2")).toBeUndefined();
    expect(c.weight).toBe(30);
    const off = cache(0);
    off.set("a", "1", "x");
    expect(off.enabled).toBe(false);
    expect(off.get("a", "1")).toBeUndefined();
  });
});
