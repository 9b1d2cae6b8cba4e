import { createTestApp, type TestApp } from "../../server/test/harness.js";

export interface LiveCohort extends TestApp {
  /** The listening server's base URL, e.g. http://127.0.0.1:43125. */
  baseUrl: string;
}

/** A Cohort on a fresh database (PGlite, or PostgreSQL with DATABASE_URL), listening on 127.0.0.1. */
export async function startCohort(): Promise<LiveCohort> {
  const t = await createTestApp();
  const baseUrl = await t.app.listen({ port: 0, host: "127.0.0.1" });
  return Object.assign(t, { baseUrl });
}

let seq = 0;
/** A unique suffix for names and emails within one test file. */
export const uniq = (prefix = "x") => `${prefix}${++seq}${Date.now().toString(36)}`;
