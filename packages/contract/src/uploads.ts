import { Type } from "@sinclair/typebox";

export const UploadsResponse = Type.Object({
  uploads: Type.Array(
    Type.Object({
      url: Type.String({ description: "Where an admin credential can download the file (GET)" }),
      key: Type.String({ description: "The file's key (`upl_…`): a batch job's `context.fileKey`" }),
    }),
  ),
});

export const FileKeyBody = Type.Object({ file_key: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const UploadDeleteResponse = Type.Object({ id: Type.String(), object: Type.Literal("file"), deleted: Type.Literal(true) });

export const DownloadUrlResponse = Type.Object({ download_url: Type.String() });

export const UploadKeyParams = Type.Object({ key: Type.String() });
