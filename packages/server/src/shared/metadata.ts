/**
 * v1's metadata update: the patch is merged into the stored object, a key whose value is
 * "" is deleted, and any other value (null included) is stored.
 */
export function mergeMetadata(
  current: Record<string, unknown> | null | undefined,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === "") delete next[key];
    else next[key] = value;
  }
  return next;
}

/** A v1 metadata update as keys to write and keys to delete (see mergedMetadata in db/sql.ts). */
export interface MetadataPatch {
  set: Record<string, unknown>;
  unset: string[];
}

export function metadataPatch(metadata: Record<string, unknown> | null | undefined): MetadataPatch | undefined {
  if (!metadata) return undefined;
  const entries = Object.entries(metadata);
  return {
    set: Object.fromEntries(entries.filter(([, v]) => v !== "")),
    unset: entries.filter(([, v]) => v === "").map(([k]) => k),
  };
}
