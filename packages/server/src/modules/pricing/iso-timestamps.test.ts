import { describe, expect, it } from "vitest";
import { isoOf } from "./candidates-sql.js";

describe("isoOf (UTC timestamp text → v1's ISO strings)", () => {
  it("pads the milliseconds PostgreSQL trims and appends Z", () => {
    expect(isoOf("2024-01-01 10:00:00")).toBe("2024-01-01T10:00:00.000Z");
    expect(isoOf("2024-01-01 10:00:00.1")).toBe("2024-01-01T10:00:00.100Z");
    expect(isoOf("2024-01-01 10:00:00.12")).toBe("2024-01-01T10:00:00.120Z");
    expect(isoOf("2024-01-01 10:00:00.123")).toBe("2024-01-01T10:00:00.123Z");
  });

  it("keeps null, and never throws on years outside 0000–9999", () => {
    expect(isoOf(null)).toBeNull();
    expect(isoOf("10000-01-01 00:00:00")).toBe("10000-01-01 00:00:00");
    expect(isoOf("0001-01-01 00:00:00 BC")).toBe("0001-01-01 00:00:00 BC");
  });
});
