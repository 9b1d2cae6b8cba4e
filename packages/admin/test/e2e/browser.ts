import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = fs.existsSync(CHROMIUM);
const inCI = process.env.CI === "true" || process.env.CI === "1";

/**
 * Whether the browser tests can run. Outside CI a machine without Debian's Chromium skips
 * them (with a message); in CI a missing browser is a failure, never a silent skip. The
 * PostgreSQL run (DATABASE_URL) skips them too, with a message: they ran in the PGlite run.
 */
export function browserTestsEnabled(): boolean {
  if (process.env.DATABASE_URL) {
    // They start their own Cohort on PGlite whatever the database: a second run would repeat the first.
    console.warn("Skipping the admin console's browser tests with DATABASE_URL set: they run on PGlite, in the plain `npm test` run.");
    return false;
  }
  if (hasChromium) return true;
  if (inCI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (apt-get install -y chromium), see .ci/run`);
  console.warn(`Skipping the admin console's browser tests: ${CHROMIUM} is not installed (apt-get install -y chromium).`);
  return false;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile and no background traffic. */
export async function launchBrowser(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-quic",
      "--no-first-run",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Errors the page printed: uncaught exceptions and console.error calls (React warnings
 * included). Chromium also logs every 4xx answer as "Failed to load resource"; those the
 * test provokes on purpose (401 before signing in, the 409 of a refused delete) are
 * answers the console handles, so they are listed separately.
 */
export function watchConsole(page: Page) {
  const errors: string[] = [];
  const failedLoads: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg: ConsoleMessage) => {
    if (msg.type() !== "error" && msg.type() !== "warning") return;
    const text = msg.text();
    if (text.startsWith("Failed to load resource")) failedLoads.push(`${text} (${msg.location().url})`);
    else errors.push(`${msg.type()}: ${text}`);
  });
  return { errors, failedLoads };
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const ADMIN_DIST = path.resolve(here, "../../dist");
export const SCREENSHOTS = path.resolve(here, "../../../../docs/screenshots");
export const AXE_SOURCE = fs.readFileSync(path.resolve(here, "../../../../node_modules/axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** axe-core's WCAG 2.x A and AA rules on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Colours are judged as drawn: mid fade-in (a dialog opening, a button's transition) they
  // are blends that fail contrast on a busy machine. Wait for the finite animations to end
  // (spinners loop for ever and are left out).
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
  );
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

export const describeViolations = (violations: AxeViolation[]) =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n")}`).join("\n");
