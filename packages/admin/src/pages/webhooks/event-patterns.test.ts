import { describe, expect, it } from "vitest";
import { describePatterns, patternsOf } from "./event-patterns";

describe("webhook event patterns", () => {
  it("sends '*' when everything is chosen, one way or the other", () => {
    expect(patternsOf(true, [])).toEqual(["*"]);
    expect(patternsOf(false, ["customer_group.*", "customer.*", "price_list.*", "webhook.*"])).toEqual(["*"]);
  });

  it("sends the chosen families in a stable order", () => {
    expect(patternsOf(false, ["price_list.*", "customer_group.*"])).toEqual(["customer_group.*", "price_list.*"]);
    expect(patternsOf(false, [])).toEqual([]);
  });

  it("describes patterns, keeping ones it does not know as they are", () => {
    expect(describePatterns(["*"])).toBe("All events");
    expect(describePatterns(["customer.*", "price_list.expired"])).toBe("Customers; price_list.expired");
  });
});
