import { Plus, Trash } from "@medusajs/icons";
import { Button, IconButton, Input, Text } from "@medusajs/ui";
import { useId } from "react";

export interface MetadataRow {
  key: string;
  value: string;
}

/** Metadata values as text: strings as they are, anything else as JSON. */
export function toRows(metadata: Record<string, unknown> | null | undefined): MetadataRow[] {
  return Object.entries(metadata ?? {}).map(([key, value]) => ({ key, value: typeof value === "string" ? value : JSON.stringify(value) }));
}

/** Text back to a value: true, false, null, numbers and JSON objects/arrays as such, anything else as a string. */
export function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (/^(true|false|null|-?\d+(\.\d+)?([eE][-+]?\d+)?)$/.test(trimmed) || /^[[{]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

/** Rows to a metadata object; an error names the first problem (blank or repeated key). */
export function rowsToMetadata(rows: MetadataRow[]): { metadata: Record<string, unknown>; error?: string } {
  const metadata: Record<string, unknown> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key && !row.value) continue;
    if (!key) return { metadata, error: "Every metadata value needs a key." };
    if (key in metadata) return { metadata, error: `The key "${key}" is there twice.` };
    metadata[key] = parseValue(row.value);
  }
  return { metadata };
}

/**
 * The update body's metadata for an edit: the API merges it into the stored object, and a
 * key sent as "" is removed, so removed keys go as "".
 */
export function metadataPatch(before: Record<string, unknown> | null | undefined, after: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = { ...after };
  for (const key of Object.keys(before ?? {})) if (!(key in after)) patch[key] = "";
  return patch;
}

/** A key/value editor: one row per metadata key. */
export function MetadataEditor({ rows, onChange, disabled }: { rows: MetadataRow[]; onChange: (rows: MetadataRow[]) => void; disabled?: boolean }) {
  const id = useId();
  const set = (index: number, patch: Partial<MetadataRow>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <fieldset className="flex flex-col gap-y-2" disabled={disabled}>
      <legend className="txt-compact-small-plus mb-1">Metadata</legend>
      {rows.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle">
          No metadata.
        </Text>
      )}
      {rows.map((row, index) => (
        <div key={index} className="grid grid-cols-[1fr_1fr_auto] items-center gap-2">
          <Input size="small" aria-label={`Key ${index + 1}`} placeholder="Key" value={row.key} onChange={(e) => set(index, { key: e.target.value })} id={`${id}-k${index}`} />
          <Input size="small" aria-label={`Value ${index + 1}`} placeholder="Value" value={row.value} onChange={(e) => set(index, { value: e.target.value })} />
          <IconButton size="small" variant="transparent" type="button" aria-label={`Remove ${row.key || `row ${index + 1}`}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            <Trash />
          </IconButton>
        </div>
      ))}
      <div>
        <Button type="button" size="small" variant="secondary" onClick={() => onChange([...rows, { key: "", value: "" }])}>
          <Plus />
          Add metadata
        </Button>
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">
        true, false, null, numbers and JSON are stored as such; anything else as text.
      </Text>
    </fieldset>
  );
}
