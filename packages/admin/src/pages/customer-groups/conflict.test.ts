import { CohortError } from "@cohort/client";
import { describe, expect, it } from "vitest";
import { priceListsInConflict } from "./conflict";

const refusal = (message: string, status = 409) =>
  CohortError.fromResponse({ status, statusText: "", headers: {} }, { type: "conflict", code: "invalid_state_error", message }, { method: "DELETE", url: "/admin/customer-groups/cgrp_1" });

describe("the price lists of a refused group delete", () => {
  it("are read from the API's message, names and ids", () => {
    const error = refusal(
      'Customer group cgrp_1 is the only customer group of the price lists "VIP prices" (pl_01ABC), "Black (Friday)" (pl_01DEF); deleting it would make their prices available to every customer. Give those price lists another group, or delete them, first.',
    );
    expect(priceListsInConflict(error)).toEqual([
      { name: "VIP prices", id: "pl_01ABC" },
      { name: "Black (Friday)", id: "pl_01DEF" },
    ]);
  });

  it("are none for any other error", () => {
    expect(priceListsInConflict(refusal('"VIP" (pl_1)', 404))).toEqual([]);
    expect(priceListsInConflict(new Error('"VIP" (pl_1)'))).toEqual([]);
  });
});
