import { sql } from "kysely";
import type { Database } from "../../db/database.js";
import { newId } from "../../shared/ids.js";

/** Bytes per stored chunk: a file is written and read one chunk at a time. */
export const CHUNK_BYTES = 1024 * 1024;

export interface UploadInfo {
  key: string;
  filename: string;
  mime_type: string | null;
  size: number;
}

/** Too large for UPLOAD_MAX_BYTES; the caller turns it into a 413. */
export class UploadTooLarge extends Error {}

/**
 * Writes one file as chunks. Nothing is served until end() marks it complete; abort()
 * removes what was written.
 */
export class UploadWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;
  private size = 0;

  constructor(
    private readonly db: Database,
    readonly key: string,
  ) {}

  async write(data: Buffer | string): Promise<void> {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    if (buf.length === 0) return;
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    this.size += buf.length;
    if (this.pendingBytes >= CHUNK_BYTES) await this.flush();
  }

  get bytes(): number {
    return this.size;
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const all = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    for (let at = 0; at < all.length; at += CHUNK_BYTES) {
      await this.db.insertInto("cohort_upload_chunk").values({ upload_key: this.key, seq: this.seq++, data: all.subarray(at, at + CHUNK_BYTES) }).execute();
    }
  }

  async end(): Promise<UploadInfo> {
    await this.flush();
    const row = await this.db
      .updateTable("cohort_upload")
      .set({ complete: true, size: this.size })
      .where("key", "=", this.key)
      .returning(["key", "filename", "mime_type", "size"])
      .executeTakeFirstOrThrow();
    return { ...row, size: Number(row.size) };
  }

  async abort(): Promise<void> {
    await this.db.deleteFrom("cohort_upload").where("key", "=", this.key).execute();
  }
}

/** Files kept in the database (migration 0012), readable from every instance. */
export class UploadStore {
  constructor(private readonly db: Database) {}

  /** Starts a file; `key` defaults to a new `upl_…` id (a job's output may name its own). */
  async create(input: { filename: string; mimeType?: string | null; createdBy?: string | null; key?: string }): Promise<UploadWriter> {
    const key = input.key ?? newId("upl");
    await this.db
      .insertInto("cohort_upload")
      .values({ key, filename: input.filename.slice(0, 255) || "file", mime_type: input.mimeType ?? null, created_by: input.createdBy ?? null })
      .execute();
    return new UploadWriter(this.db, key);
  }

  /** A complete upload's description, or undefined. */
  async info(key: string): Promise<UploadInfo | undefined> {
    const row = await this.db
      .selectFrom("cohort_upload")
      .select(["key", "filename", "mime_type", "size"])
      .where("key", "=", key)
      .where("complete", "=", true)
      .executeTakeFirst();
    return row ? { ...row, size: Number(row.size) } : undefined;
  }

  /** The file's bytes, one chunk (one query) at a time. */
  async *read(key: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const row = await this.db.selectFrom("cohort_upload_chunk").select("data").where("upload_key", "=", key).where("seq", "=", seq).executeTakeFirst();
      if (!row) return;
      yield row.data;
    }
  }

  /** Idempotent; true when something was deleted. */
  async delete(key: string): Promise<boolean> {
    const { numDeletedRows } = await this.db.deleteFrom("cohort_upload").where("key", "=", key).executeTakeFirst();
    return Number(numDeletedRows) > 0;
  }

  /** Incomplete uploads older than `hours` (a crashed writer's leftovers). */
  async sweepIncomplete(hours = 24): Promise<void> {
    await this.db.deleteFrom("cohort_upload").where("complete", "=", false).where("created_at", "<", sql<Date>`now() - make_interval(hours => ${hours})`).execute();
  }
}
