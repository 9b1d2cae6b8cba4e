import { describe, expect, it } from "vitest";
import { importSummary } from "./import-summary";

describe("importSummary", () => {
  it("reads a dry run's counts, examples and report", () => {
    const s = importSummary({
      count: 5,
      advancement_count: 5,
      stats: { rows: 5, matched: 3, to_add: 2, already_members: 1, unknown: 1, duplicates: 1, malformed: 0 },
      unknown_examples: [{ line: 4, value: "nobody@example.com" }],
      report_file_key: "upl_1",
    });
    expect(s.rows).toBe(5);
    expect(s.lines).toEqual([
      { label: "Customers found", count: 3 },
      { label: "To add", count: 2 },
      { label: "Already members", count: 1 },
      { label: "Unknown (skipped)", count: 1, tone: "warning" },
      { label: "Duplicates in the file (skipped)", count: 1, tone: "warning" },
    ]);
    expect(s.unknownExamples).toEqual([{ line: 4, value: "nobody@example.com" }]);
    expect(s.reportFileKey).toBe("upl_1");
    expect(s.progress).toEqual({ done: 5, total: 5 });
    expect(s.applied).toBeNull();
  });

  it("reads what an apply did, and failures", () => {
    const s = importSummary({ count: 2, advancement_count: 1, stats: { rows: 2, to_add: 2 }, applied: { added: 2, removed: 0, created: 1 }, errors: [{ message: "boom" }] });
    expect(s.applied).toEqual({ added: 2, removed: 0, created: 1 });
    expect(s.errors).toEqual(["boom"]);
    expect(s.progress).toEqual({ done: 1, total: 2 });
  });

  it("copes with an empty or odd result", () => {
    expect(importSummary(null)).toMatchObject({ rows: 0, lines: [{ label: "To add", count: 0 }], unknownExamples: [], reportFileKey: null, progress: null, errors: [], applied: null });
    expect(importSummary({ stats: "x", unknown_examples: "y", count: -1 }).progress).toBeNull();
  });
});
