import type { TestApp } from "./harness.js";

/** A multipart body as a browser or fetch would send it (FormData serialised by Response). */
export async function multipart(files: Array<{ name?: string; content: string | Buffer; filename: string; type?: string }>) {
  const form = new FormData();
  for (const f of files) form.append(f.name ?? "files", new Blob([typeof f.content === "string" ? f.content : new Uint8Array(f.content)], { type: f.type ?? "text/csv" }), f.filename);
  const response = new Response(form);
  return { payload: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get("content-type")! };
}

/** Uploads one CSV through POST /admin/uploads; returns its key. */
export async function uploadCsv(t: TestApp, content: string | Buffer, filename = "members.csv"): Promise<string> {
  const { payload, contentType } = await multipart([{ content, filename }]);
  const res = await t.app.inject({ method: "POST", url: "/admin/uploads", headers: { ...t.admin.headers, "content-type": contentType }, payload });
  if (res.statusCode !== 200) throw new Error(`uploadCsv: ${res.statusCode} ${res.body}`);
  return res.json().uploads[0].key as string;
}

export interface JobJson {
  id: string;
  type: string;
  status: string;
  dry_run: boolean;
  context: Record<string, unknown>;
  result: (Record<string, unknown> & { stats?: Record<string, number>; errors?: Array<{ message: string }> }) | null;
  [k: string]: unknown;
}

export async function createJob(t: TestApp, body: Record<string, unknown>): Promise<JobJson> {
  const res = await t.app.inject({ method: "POST", url: "/admin/batch-jobs", headers: t.admin.headers, payload: body });
  if (res.statusCode !== 201) throw new Error(`createJob: ${res.statusCode} ${res.body}`);
  return res.json().batch_job;
}

export async function getJob(t: TestApp, id: string): Promise<JobJson> {
  const res = await t.app.inject({ method: "GET", url: `/admin/batch-jobs/${id}`, headers: t.admin.headers });
  if (res.statusCode !== 200) throw new Error(`getJob: ${res.statusCode} ${res.body}`);
  return res.json().batch_job;
}

/** Runs the runner's steps directly until no job has work left; returns the job. */
export async function runJobs(t: TestApp, id: string): Promise<JobJson> {
  await t.app.batchJobs.drain(20);
  return getJob(t, id);
}

export async function confirmJob(t: TestApp, id: string): Promise<JobJson> {
  const res = await t.app.inject({ method: "POST", url: `/admin/batch-jobs/${id}/confirm`, headers: t.admin.headers });
  if (res.statusCode !== 200) throw new Error(`confirmJob: ${res.statusCode} ${res.body}`);
  return res.json().batch_job;
}

/** Downloads a stored file through its download URL (the path part, with the admin's token). */
export async function download(t: TestApp, key: string): Promise<string> {
  const url = await t.app.inject({ method: "POST", url: "/admin/uploads/download-url", headers: t.admin.headers, payload: { file_key: key } });
  if (url.statusCode !== 200) throw new Error(`download-url: ${url.statusCode} ${url.body}`);
  const res = await t.app.inject({ method: "GET", url: new URL(url.json().download_url).pathname, headers: t.admin.headers });
  if (res.statusCode !== 200) throw new Error(`download: ${res.statusCode} ${res.body}`);
  return res.body;
}
