import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { download, multipart, uploadCsv } from "../../../test/batch-job-helpers.js";
import { createTestApp, type TestApp } from "../../../test/harness.js";
import { CHUNK_BYTES } from "./upload-store.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ uploadMaxBytes: 3 * CHUNK_BYTES });
});
afterAll(() => t.close());

describe("POST /admin/uploads", () => {
  it("stores each file under `files` and answers v1's {uploads: [{url, key}]}", async () => {
    const { payload, contentType } = await multipart([
      { content: "email\na@example.com\n", filename: "a.csv" },
      { content: "email\nb@example.com\n", filename: "b.csv" },
    ]);
    const res = await t.app.inject({ method: "POST", url: "/admin/uploads", headers: { ...t.admin.headers, "content-type": contentType }, payload });
    expect(res.statusCode).toBe(200);
    const { uploads } = res.json() as { uploads: Array<{ url: string; key: string }> };
    expect(uploads).toHaveLength(2);
    expect(uploads[0]!.key).toMatch(/^upl_[0-9A-Z]{26}$/);
    expect(uploads[0]!.url).toMatch(new RegExp(`/admin/uploads/files/${uploads[0]!.key}$`));
    expect(await download(t, uploads[1]!.key)).toBe("email\nb@example.com\n");
  });

  it("keeps a file of several chunks byte for byte", async () => {
    const big = Buffer.alloc(2 * CHUNK_BYTES + 12345);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) % 251;
    const key = await uploadCsv(t, big, "big.bin");
    const chunks = await t.db.db.selectFrom("cohort_upload_chunk").select("seq").where("upload_key", "=", key).execute();
    expect(chunks).toHaveLength(3);
    const res = await t.app.inject({ method: "GET", url: `/admin/uploads/files/${key}`, headers: t.admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(big)).toBe(true);
  });

  it("refuses a file over UPLOAD_MAX_MB with 413 and keeps nothing of it", async () => {
    const before = await t.db.db.selectFrom("cohort_upload").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const { payload, contentType } = await multipart([{ content: Buffer.alloc(3 * CHUNK_BYTES + 1), filename: "huge.csv" }]);
    const res = await t.app.inject({ method: "POST", url: "/admin/uploads", headers: { ...t.admin.headers, "content-type": contentType }, payload });
    expect(res.statusCode).toBe(413);
    expect(res.json().type).toBe("payload_too_large");
    const after = await t.db.db.selectFrom("cohort_upload").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("answers 400 for a JSON body, a body without files, and a broken multipart body", async () => {
    const json = await t.app.inject({ method: "POST", url: "/admin/uploads", headers: t.admin.headers, payload: { files: "x" } });
    expect(json.statusCode).toBe(400);
    expect(json.json().type).toBe("invalid_data");
    const other = await multipart([{ name: "other", content: "x", filename: "x.csv" }]);
    const none = await t.app.inject({ method: "POST", url: "/admin/uploads", headers: { ...t.admin.headers, "content-type": other.contentType }, payload: other.payload });
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toBe("No file was sent in the field files");
    const broken = await t.app.inject({
      method: "POST",
      url: "/admin/uploads",
      headers: { ...t.admin.headers, "content-type": "multipart/form-data; boundary=xyz" },
      payload: '--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\nemail\n',
    });
    expect(broken.statusCode).toBe(400);
  });

  it("requires admin credentials", async () => {
    const { payload, contentType } = await multipart([{ content: "email\n", filename: "a.csv" }]);
    const res = await t.app.inject({ method: "POST", url: "/admin/uploads", headers: { "content-type": contentType }, payload });
    expect(res.statusCode).toBe(401);
  });
});

describe("POST /admin/uploads/download-url, DELETE /admin/uploads", () => {
  it("gives a Cohort URL that serves the file to an admin only, and deletes it idempotently", async () => {
    const key = await uploadCsv(t, "email\nz@example.com\n");
    const url = await t.app.inject({ method: "POST", url: "/admin/uploads/download-url", headers: t.admin.headers, payload: { file_key: key } });
    expect(url.statusCode).toBe(200);
    const path = new URL(url.json().download_url).pathname;
    expect((await t.app.inject({ method: "GET", url: path })).statusCode).toBe(401);
    const del = await t.app.inject({ method: "DELETE", url: "/admin/uploads", headers: t.admin.headers, payload: { file_key: key } });
    expect(del.json()).toEqual({ id: key, object: "file", deleted: true });
    expect((await t.app.inject({ method: "DELETE", url: "/admin/uploads", headers: t.admin.headers, payload: { file_key: key } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: "GET", url: path, headers: t.admin.headers })).statusCode).toBe(404);
    const gone = await t.app.inject({ method: "POST", url: "/admin/uploads/download-url", headers: t.admin.headers, payload: { file_key: key } });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toEqual({ type: "not_found", message: `File with key ${key} was not found` });
  });
});
