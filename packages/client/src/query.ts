/**
 * Serialises a query object the way medusa-js does (`qs.stringify` with its defaults):
 * `a[0]=x&a[1]=y`, `created_at[gt]=…`, nested objects in brackets, `null` as an empty
 * value, `undefined` and empty arrays left out, dates as ISO strings, RFC 3986 encoding
 * of keys and values (brackets included).
 */
export function stringifyQuery(query: object): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) append(parts, encode(key), value);
  return parts.join("&");
}

/** `path?query`, or `path` alone when the query is absent or serialises to nothing. */
export function withQuery(path: string, query: object | undefined): string {
  if (!query) return path;
  const qs = stringifyQuery(query);
  return qs ? `${path}?${qs}` : path;
}

function append(parts: string[], key: string, value: unknown): void {
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return;
  if (value === null) {
    parts.push(`${key}=`);
  } else if (value instanceof Date) {
    parts.push(`${key}=${encode(value.toISOString())}`);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => append(parts, `${key}${encode(`[${index}]`)}`, item));
  } else if (typeof value === "object") {
    for (const [child, item] of Object.entries(value)) append(parts, `${key}${encode(`[${child}]`)}`, item);
  } else {
    parts.push(`${key}=${encode(String(value))}`);
  }
}

// encodeURIComponent leaves !'()* as they are; qs's RFC 3986 encoder does not.
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
