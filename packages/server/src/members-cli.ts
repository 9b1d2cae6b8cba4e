import fs from "node:fs";
import path from "node:path";
import readline from "node:readline/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import cliProgress from "cli-progress";

/**
 * `cohort import members` / `cohort export members`: the batch-job API, either over HTTP
 * against a running server or, with `--direct`, on this installation's database in this
 * process (see members-direct.ts). Both speak the same requests through a Transport.
 */
export type MembersCommand =
  | {
      name: "import-members";
      file: string;
      group: string;
      by: "email" | "id";
      mode: "add" | "remove" | "replace";
      createMissing: boolean;
      strict: boolean;
      dryRun: boolean;
      yes: boolean;
      url?: string;
      token?: string;
      direct?: boolean;
      as?: string;
    }
  | { name: "export-members"; group: string; out?: string; url?: string; token?: string; direct?: boolean; as?: string };

/** Where the CLI's requests go: a server over HTTP, or an app in this process. */
export interface Transport {
  /** In this process (--direct): download URLs point at no server, so reports are saved as files. */
  local?: boolean;
  request(method: string, urlPath: string, body?: unknown): Promise<{ status: number; text: string }>;
  /** A GET of a download URL that Cohort gave out, as a stream. */
  download(url: string): Promise<{ status: number; body: Readable | null }>;
}

/** A request body as both transports send it: a form as it is, anything else as JSON. */
export function encodeBody(body: unknown): { headers: Record<string, string>; payload: FormData | string | undefined } {
  if (body === undefined || body instanceof FormData) return { headers: {}, payload: body };
  return { headers: { "content-type": "application/json" }, payload: JSON.stringify(body) };
}

/** HTTP against a running server, with an admin API token. */
export function httpTransport(url: string, token: string): Transport {
  const headers = { "x-medusa-access-token": token };
  return {
    async request(method, urlPath, body) {
      const encoded = encodeBody(body);
      let res: Response;
      try {
        res = await fetch(new URL(urlPath, url), { method, headers: { ...headers, ...encoded.headers }, body: encoded.payload });
      } catch (err) {
        throw new CliFailure(`Cannot reach the Cohort server at ${url}: ${(err as Error).message}. Is it running? (--url or COHORT_URL)`);
      }
      return { status: res.status, text: await res.text() };
    },
    async download(downloadUrl) {
      const res = await fetch(downloadUrl, { headers });
      return { status: res.status, body: res.ok && res.body ? Readable.fromWeb(res.body as never) : null };
    },
  };
}

export interface MembersIo {
  transport: Transport;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Asks a yes/no question; undefined when there is nobody to ask (stdin is not a terminal). */
  ask?: (question: string) => Promise<boolean>;
  /** Milliseconds between status polls. */
  pollMs?: number;
}

/** A failure to report as `cohort: <message>` with exit code 1. */
export class CliFailure extends Error {}

interface Job {
  id: string;
  status: string;
  result: (Record<string, unknown> & { count?: number; advancement_count?: number; stats?: Record<string, number>; errors?: Array<{ message: string }> }) | null;
}

class Api {
  constructor(private readonly transport: Transport) {}

  async request<T>(method: string, urlPath: string, body?: unknown): Promise<T> {
    const res = await this.transport.request(method, urlPath, body);
    if (res.status === 401) throw new CliFailure("The server refused the API token (--token or COHORT_API_TOKEN must be an admin's API token)");
    if (res.status < 200 || res.status >= 300) {
      let message = res.text;
      try {
        message = (JSON.parse(res.text) as { message?: string }).message ?? res.text;
      } catch {
        /* not JSON */
      }
      throw new CliFailure(`${method} ${urlPath}: ${res.status} ${message}`);
    }
    return JSON.parse(res.text) as T;
  }
}

async function resolveGroup(api: Api, group: string): Promise<{ id: string; name: string }> {
  if (/^cgrp_/.test(group)) {
    return (await api.request<{ customer_group: { id: string; name: string } }>("GET", `/admin/customer-groups/${encodeURIComponent(group)}`)).customer_group;
  }
  const { customer_groups } = await api.request<{ customer_groups: Array<{ id: string; name: string }> }>(
    "GET",
    `/admin/customer-groups?${new URLSearchParams({ "name[]": group, limit: "2" })}`,
  );
  if (customer_groups.length === 0) throw new CliFailure(`No customer group is named "${group}" (give its name or its cgrp_ id)`);
  return customer_groups[0]!;
}

/** Progress: a bar with rate and ETA on a terminal, else a plain line now and then. */
function progress(io: MembersIo, label: string, sized: boolean) {
  if (io.stderr.isTTY) {
    // Without a total (a dry run reads rows it has not counted yet): the count and the rate.
    const format = sized ? `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}` : `${label}: {value} rows | {rate}/s`;
    const bar = new cliProgress.SingleBar(
      { format, stream: io.stderr as NodeJS.WritableStream & { isTTY: boolean }, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    let running = false;
    return {
      update(value: number, total: number) {
        const rate = Math.round(value / Math.max(0.001, (Date.now() - started) / 1000));
        if (!running) {
          bar.start(Math.max(total, 1), value, { rate });
          running = true;
        } else {
          bar.setTotal(Math.max(total, 1));
          bar.update(value, { rate });
        }
      },
      stop: () => running && bar.stop(),
    };
  }
  let lastAt = 0;
  let lastValue = -1;
  return {
    update(value: number, total: number) {
      if (value === lastValue || Date.now() - lastAt < 1000) return;
      lastAt = Date.now();
      lastValue = value;
      io.stderr.write(sized && total ? `${label}: ${value}/${total} (${Math.floor((value / total) * 100)}%)\n` : `${label}: ${value} rows\n`);
    },
    stop() {},
  };
}

async function waitWhile(api: Api, io: MembersIo, id: string, statuses: string[], label: string, totalOf?: (job: Job) => number): Promise<Job> {
  const bar = progress(io, label, totalOf !== undefined);
  try {
    for (;;) {
      const { batch_job: job } = await api.request<{ batch_job: Job }>("GET", `/admin/batch-jobs/${id}`);
      const value = job.result?.advancement_count ?? 0;
      bar.update(value, totalOf ? totalOf(job) : value);
      if (!statuses.includes(job.status)) return job;
      await new Promise((r) => setTimeout(r, io.pollMs ?? 500));
    }
  } finally {
    bar.stop();
  }
}

const failureOf = (job: Job) => job.result?.errors?.map((e) => e.message).join("; ") || `the job ended with status ${job.status}`;

export async function importMembers(cmd: Extract<MembersCommand, { name: "import-members" }>, io: MembersIo): Promise<number> {
  const api = new Api(io.transport);
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const group = await resolveGroup(api, cmd.group);
  let blob: Blob;
  try {
    blob = await fs.openAsBlob(cmd.file, { type: "text/csv" });
  } catch (err) {
    throw new CliFailure(`Cannot read ${cmd.file}: ${(err as Error).message}`);
  }
  const form = new FormData();
  form.append("files", blob, path.basename(cmd.file));
  io.stderr.write(`Uploading ${cmd.file} (${blob.size} bytes)…\n`);
  const { uploads } = await api.request<{ uploads: Array<{ key: string }> }>("POST", "/admin/uploads", form);
  const context = {
    fileKey: uploads[0]!.key,
    customer_group_id: group.id,
    match_by: cmd.by,
    mode: cmd.mode,
    create_missing_customers: cmd.createMissing,
    strict: cmd.strict,
  };
  const { batch_job: created } = await api.request<{ batch_job: Job }>("POST", "/admin/batch-jobs", { type: "customer-group-import", context, dry_run: true });
  const dry = await waitWhile(api, io, created.id, ["created"], "Checking");
  if (dry.status !== "pre_processed") throw new CliFailure(`The import failed: ${failureOf(dry)}`);

  const s = dry.result!.stats ?? {};
  out(`Dry run of ${cmd.file} into "${group.name}" (${group.id}), mode ${cmd.mode}, job ${dry.id}:`);
  const rows: Array<[string, number | undefined]> = [
    ["rows read", s.rows],
    ["customers matched", s.matched],
    ["to add", s.to_add],
    ["  of which new customers", cmd.createMissing ? s.to_create : undefined],
    ["already members", s.already_members],
    ["to remove", cmd.mode === "add" ? undefined : s.to_remove],
    ["not members", cmd.mode === "remove" ? s.not_members : undefined],
    ["unknown", s.unknown],
    ["duplicates", s.duplicates],
    ["malformed", s.malformed],
  ];
  for (const [name, n] of rows) if (n !== undefined) out(`  ${name.padEnd(26)} ${n}`);
  const examples = (dry.result!.unknown_examples ?? []) as Array<{ line: number; value: string }>;
  if (examples.length) out(`  unknown, e.g.: ${examples.slice(0, 5).map((e) => `line ${e.line} ${e.value}`).join(", ")}`);
  if (dry.result!.report_file_key) {
    const { download_url } = await api.request<{ download_url: string }>("POST", "/admin/uploads/download-url", { file_key: dry.result!.report_file_key });
    if (io.transport.local) {
      // No server to serve the URL: the report goes next to the file.
      const reportFile = `${cmd.file.replace(/\.csv$/i, "")}.report.csv`;
      const res = await io.transport.download(download_url);
      if (!res.body) throw new CliFailure(`Downloading the per-row report failed: ${res.status}`);
      await pipeline(res.body, fs.createWriteStream(reportFile));
      out(`  per-row report: ${reportFile}`);
    } else {
      out(`  per-row report: ${download_url}`);
    }
  }
  if (cmd.dryRun) {
    out(`Nothing was changed (--dry-run). To apply exactly this: POST /admin/batch-jobs/${dry.id}/confirm`);
    return 0;
  }
  if (!cmd.yes) {
    const ok = io.ask ? await io.ask("Apply these changes? [y/N] ") : undefined;
    if (ok === undefined) throw new CliFailure("Not applied: stdin is not a terminal, so nobody can confirm. Run again with --yes to apply without a prompt.");
    if (!ok) {
      await api.request("POST", `/admin/batch-jobs/${dry.id}/cancel`);
      out("Canceled; nothing was changed.");
      return 1;
    }
  }
  await api.request("POST", `/admin/batch-jobs/${dry.id}/confirm`);
  const done = await waitWhile(api, io, dry.id, ["confirmed", "processing"], "Applying", (job) => job.result?.count ?? 0);
  if (done.status !== "completed") throw new CliFailure(`The import failed and changed nothing: ${failureOf(done)}`);
  const applied = (done.result!.applied ?? {}) as Record<string, number>;
  out(`Done: ${applied.added ?? 0} added, ${applied.removed ?? 0} removed${applied.created ? `, ${applied.created} new customer${applied.created === 1 ? "" : "s"} created` : ""}; the group has ${applied.members_after ?? "?"} members.`);
  return 0;
}

export async function exportMembers(cmd: Extract<MembersCommand, { name: "export-members" }>, io: MembersIo): Promise<number> {
  const api = new Api(io.transport);
  const group = await resolveGroup(api, cmd.group);
  const { batch_job: created } = await api.request<{ batch_job: Job }>("POST", "/admin/batch-jobs", { type: "customer-group-export", context: { customer_group_id: group.id } });
  const done = await waitWhile(api, io, created.id, ["created", "confirmed", "processing"], "Exporting", (job) => job.result?.count ?? 0);
  if (done.status !== "completed") throw new CliFailure(`The export failed: ${failureOf(done)}`);
  const { download_url } = await api.request<{ download_url: string }>("POST", "/admin/uploads/download-url", { file_key: done.result!.file_key });
  const res = await io.transport.download(download_url);
  if (!res.body) throw new CliFailure(`Downloading the export failed: ${res.status}`);
  const target = cmd.out ? fs.createWriteStream(cmd.out) : io.stdout;
  await pipeline(res.body, target, { end: Boolean(cmd.out) });
  if (cmd.out) io.stderr.write(`Wrote ${done.result!.count} members of "${group.name}" to ${cmd.out}\n`);
  return 0;
}

/** A yes/no prompt on the terminal, or undefined when stdin is not one. */
export function terminalAsk(): MembersIo["ask"] {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  };
}
