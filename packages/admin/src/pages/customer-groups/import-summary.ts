/**
 * What a member import's `result` says, read defensively: `result` is free-form JSON in v1's
 * batch-job shape (docs/batch-jobs.md, "customer-group-import").
 */
export interface ImportSummary {
  rows: number;
  lines: Array<{ label: string; count: number; tone?: "warning" }>;
  unknownExamples: Array<{ line: number; value: string }>;
  reportFileKey: string | null;
  progress: { done: number; total: number } | null;
  errors: string[];
  applied: { added: number; removed: number; created: number } | null;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

const LINES: Array<[key: string, label: string, tone?: "warning"]> = [
  ["matched", "Customers found"],
  ["to_add", "To add"],
  ["already_members", "Already members"],
  ["to_remove", "To remove"],
  ["not_members", "Not members (nothing to remove)"],
  ["to_create", "New customers to create"],
  ["unknown", "Unknown (skipped)", "warning"],
  ["duplicates", "Duplicates in the file (skipped)", "warning"],
  ["malformed", "Malformed rows (skipped)", "warning"],
];

export function importSummary(result: unknown): ImportSummary {
  const r = obj(result);
  const stats = obj(r.stats);
  const applied = obj(r.applied);
  const total = num(r.count);
  return {
    rows: num(stats.rows),
    // Only the lines that say something: zero counts are left out, except what the user asked for.
    lines: LINES.filter(([key]) => num(stats[key]) > 0 || key === "to_add").map(([key, label, tone]) => ({ label, count: num(stats[key]), ...(tone ? { tone } : {}) })),
    unknownExamples: Array.isArray(r.unknown_examples)
      ? r.unknown_examples.map((e) => ({ line: num(obj(e).line), value: String(obj(e).value ?? "") })).slice(0, 100)
      : [],
    reportFileKey: typeof r.report_file_key === "string" ? r.report_file_key : null,
    progress: total > 0 ? { done: Math.min(num(r.advancement_count), total), total } : null,
    errors: Array.isArray(r.errors) ? r.errors.map((e) => String(obj(e).message ?? e)).filter(Boolean) : [],
    applied: r.applied ? { added: num(applied.added), removed: num(applied.removed), created: num(applied.created) } : null,
  };
}
