import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { controlSocketPath, listenControl, sendControl } from "./control-socket.js";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-ctl-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("the control socket", () => {
  it("lives in the data folder, or for a path too long for a Unix socket in a private folder of the temp dir", () => {
    expect(controlSocketPath("/srv/shop/.cohort/data")).toBe("/srv/shop/.cohort/data/cohort.sock");
    const long = path.join("/srv", "x".repeat(120), "data");
    const fallback = controlSocketPath(long);
    expect(path.dirname(path.dirname(fallback))).toBe(os.tmpdir());
    expect(path.basename(path.dirname(fallback))).toMatch(/^cohort-[0-9a-f]{16}$/);
    expect(controlSocketPath(long)).toBe(fallback); // the CLI finds the server's socket
    expect(Buffer.byteLength(fallback)).toBeLessThan(108);
  });

  it("answers one JSON request per connection, owner-only, and removes its file on close", async () => {
    const dir = path.join(work, "data");
    fs.mkdirSync(dir, { mode: 0o755 });
    const socketPath = path.join(dir, "cohort.sock");
    fs.writeFileSync(socketPath, "stale"); // left by a killed server
    const server = await listenControl(socketPath, async (request) => ({ ok: true, output: JSON.stringify(request), exitCode: 0 }));
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600);
    expect(await sendControl(socketPath, { name: "migrate" })).toEqual({ ok: true, output: '{"name":"migrate"}', exitCode: 0 });
    await server.close();
    expect(fs.existsSync(socketPath)).toBe(false);
    await expect(sendControl(socketPath, {})).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses to use a folder that is a symlink", async () => {
    const target = path.join(work, "elsewhere");
    fs.mkdirSync(target);
    const link = path.join(work, "link");
    fs.symlinkSync(target, link);
    await expect(listenControl(path.join(link, "cohort.sock"), async () => ({ ok: true, output: "", exitCode: 0 }))).rejects.toThrow(/not a folder owned by this user/);
  });
});
