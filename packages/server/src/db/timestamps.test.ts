import pg from "pg";
import { describe, expect, it } from "vitest";
import { parseTimestamptz } from "./timestamps.js";

// pg's own parser (postgres-date), captured before database.ts replaces it: the reference.
const reference = pg.types.getTypeParser(1184, "text") as (text: string) => Date | number | null;

const same = (text: string) => {
  const got = parseTimestamptz(text);
  const want = reference(text);
  expect(got instanceof Date ? got.getTime() : got, text).toEqual(want instanceof Date ? want.getTime() : want);
};

describe("parseTimestamptz", () => {
  it("reads PostgreSQL's timestamptz text as pg's own parser does", () => {
    for (const text of [
      "2026-11-26 14:36:00+00",
      "2026-11-26 14:36:00.1+00",
      "2026-11-26 14:36:00.12+00",
      "2026-11-26 14:36:00.123+00",
      "2026-11-26 14:36:00.123456+00",
      "2026-11-26 14:36:00.999999+00",
      "2026-01-01 00:00:00.5+01",
      "2025-12-31 23:59:59.001-05",
      "2024-02-29 12:00:00+05:30",
      "1970-01-01 00:00:00+00",
      "1901-12-13 20:45:52+00:00:00",
      "0100-03-01 00:00:00+00",
      "9999-12-31 23:59:59.999+00",
    ]) {
      same(text);
    }
  });

  it("leaves the odd shapes to pg's parser: BC, years before 100 and past 9999, infinity", () => {
    for (const text of ["0044-03-15 12:00:00+00 BC", "0099-01-01 00:00:00+00", "0001-01-01 00:00:00+00", "12345-01-01 00:00:00+00", "infinity", "-infinity"]) {
      same(text);
    }
  });

  it("agrees on random instants with random offsets", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 2000; n++) {
      const date = new Date(Math.floor(next() * 8e12) - 2e12);
      const offsetMin = Math.round((next() * 26 - 12) * 4) * 15;
      const local = new Date(date.getTime() + offsetMin * 60_000).toISOString();
      const sign = offsetMin < 0 ? "-" : "+";
      const hh = String(Math.floor(Math.abs(offsetMin) / 60)).padStart(2, "0");
      const mm = String(Math.abs(offsetMin) % 60).padStart(2, "0");
      const fraction = local.slice(19, 23) === ".000" && next() < 0.5 ? "" : local.slice(19, 23);
      same(`${local.slice(0, 10)} ${local.slice(11, 19)}${fraction}${sign}${hh}${mm === "00" ? "" : `:${mm}`}`);
    }
  });
});
