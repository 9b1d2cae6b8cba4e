import type { Cohort } from "@cohort/client";
import { describe, expect, it } from "vitest";
import { MAX_EMAILS, resolvePasted, splitPasted } from "./resolve";

/** A client whose customer search finds these customers by substring, as the API's q does. */
function clientWith(customers: Array<{ id: string; email: string }>) {
  const searches: string[] = [];
  const cohort = {
    admin: {
      customers: {
        list: async ({ q }: { q: string }) => {
          searches.push(q);
          return { customers: customers.filter((c) => c.email.includes(q)) };
        },
      },
    },
  } as unknown as Cohort;
  return { cohort, searches };
}

describe("pasted ids and emails", () => {
  it("split on lines, commas, semicolons and spaces, without repeats", () => {
    expect(splitPasted("a@x.com\ncus_1, cus_2;cus_1  b@x.com\n\n")).toEqual(["a@x.com", "cus_1", "cus_2", "b@x.com"]);
  });

  it("resolve emails to the exact match only, keep ids, and report the rest", async () => {
    const { cohort, searches } = clientWith([
      { id: "cus_ada", email: "ada@example.com" },
      { id: "cus_ada2", email: "ada@example.com.au" },
    ]);
    const result = await resolvePasted(cohort, ["ADA@example.com", "cus_given", "nobody@example.com", "not an entry"]);
    expect(result).toEqual({ ids: ["cus_given", "cus_ada"], unknownEmails: ["nobody@example.com"], invalid: ["not an entry"] });
    expect(searches).toEqual(["ada@example.com", "nobody@example.com"]);
  });

  it("refuses more emails than it looks up at once", async () => {
    const { cohort, searches } = clientWith([]);
    const emails = Array.from({ length: MAX_EMAILS + 1 }, (_, i) => `c${i}@x.com`);
    await expect(resolvePasted(cohort, emails)).rejects.toThrow(`Paste at most ${MAX_EMAILS} emails at a time`);
    expect(searches).toEqual([]);
  });
});
