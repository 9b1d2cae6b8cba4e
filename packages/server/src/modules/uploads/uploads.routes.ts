import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { App } from "../../http/types.js";
import { DomainError, invalidData, notFound } from "../../shared/errors.js";
import { DownloadUrlResponse, FileKeyBody, UploadDeleteResponse, UploadKeyParams, UploadsResponse } from "@cohort/contract";
import type { UploadStore } from "./upload-store.js";

const tags = ["Uploads"];
/** Files per request (v1's admin accepts several under `files`). */
const MAX_FILES = 10;

/** The origin the client used, for absolute download URLs. */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export const downloadPath = (key: string) => `/admin/uploads/files/${encodeURIComponent(key)}`;

const tooLarge = (max: number) => new DomainError("payload_too_large", `The file is larger than this server accepts (${Math.round(max / 1024 / 1024)} MB, UPLOAD_MAX_MB)`);

/**
 * POST /admin/uploads (multipart, field `files`), DELETE /admin/uploads, POST
 * /admin/uploads/download-url and the download itself. Multipart parsing is registered in
 * this scope only: no other route accepts multipart bodies.
 */
export async function uploadRoutes(app: App, opts: { store: UploadStore; maxBytes: number }) {
  const { store, maxBytes } = opts;
  await app.register(multipart, { limits: { fileSize: maxBytes, files: MAX_FILES, fields: 20, parts: 40, fieldSize: 64 * 1024 } });

  app.post(
    "/admin/uploads",
    {
      // Auth runs before the body is read (onRequest), and the file size has its own limit.
      bodyLimit: maxBytes,
      schema: {
        tags,
        summary: "Upload files (multipart/form-data, field `files`), kept in the database for every instance",
        consumes: ["multipart/form-data"],
        response: { 200: UploadsResponse },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw invalidData("Send the files as multipart/form-data, in the field files");
      const uploads: Array<{ url: string; key: string }> = [];
      try {
        for await (const part of request.parts()) {
          if (part.type !== "file") continue;
          if (part.fieldname !== "files") {
            part.file.resume();
            continue;
          }
          const writer = await store.create({ filename: part.filename, mimeType: part.mimetype, createdBy: request.user?.id });
          try {
            for await (const data of part.file) await writer.write(data as Buffer);
            if (part.file.truncated) throw tooLarge(maxBytes);
            await writer.end();
          } catch (err) {
            await writer.abort();
            throw err;
          }
          uploads.push({ key: writer.key, url: `${originOf(request)}${downloadPath(writer.key)}` });
        }
      } catch (err) {
        // Files stored before a failing part are removed: an upload request is all or nothing.
        for (const u of uploads) await store.delete(u.key);
        const code = (err as { code?: string }).code;
        if (code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge(maxBytes);
        if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") throw invalidData(`At most ${MAX_FILES} files per request`);
        if (err instanceof DomainError) throw err;
        // A body that ends early or breaks the multipart format is the client's (busboy's
        // errors, or the stream closing before the last boundary).
        if (
          typeof (err as { statusCode?: number }).statusCode === "number" ||
          code === "ERR_STREAM_PREMATURE_CLOSE" ||
          /multipart|boundary|Unexpected end|Malformed/i.test((err as Error).message ?? "")
        ) {
          throw invalidData(`The multipart body could not be read: ${(err as Error).message}`);
        }
        throw err;
      }
      if (uploads.length === 0) throw invalidData("No file was sent in the field files");
      return { uploads };
    },
  );

  app.delete(
    "/admin/uploads",
    { schema: { tags, summary: "Delete an uploaded file (idempotent)", body: FileKeyBody, response: { 200: UploadDeleteResponse } } },
    async (request) => {
      await store.delete(request.body.file_key);
      return { id: request.body.file_key, object: "file" as const, deleted: true as const };
    },
  );

  app.post(
    "/admin/uploads/download-url",
    {
      schema: {
        tags,
        summary: "A URL on Cohort that serves the file to an admin credential",
        body: FileKeyBody,
        response: { 200: DownloadUrlResponse },
      },
    },
    async (request) => {
      const info = await store.info(request.body.file_key);
      if (!info) throw notFound(`File with key ${request.body.file_key} was not found`);
      return { download_url: `${originOf(request)}${downloadPath(info.key)}` };
    },
  );

  app.get(
    "/admin/uploads/files/:key",
    {
      schema: {
        tags,
        summary: "Download an uploaded or generated file (streamed)",
        params: UploadKeyParams,
      },
    },
    async (request, reply) => {
      const info = await store.info(request.params.key);
      if (!info) throw notFound(`File with key ${request.params.key} was not found`);
      const safeName = info.filename.replace(/[^\w.\- ]/g, "_");
      reply
        .type(info.mime_type || "application/octet-stream")
        .header("content-length", String(info.size))
        .header("content-disposition", `attachment; filename="${safeName}"`);
      const { Readable } = await import("node:stream");
      return reply.send(Readable.from(store.read(info.key)));
    },
  );
}
