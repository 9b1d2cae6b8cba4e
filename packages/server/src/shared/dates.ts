const DATE_PREFIX = /^\s*([+-]?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * Whether an ISO-style date string names a day or time that does not exist, such as
 * `2020-02-30` or `2021-02-29T25:00`: JavaScript's Date rolls those over into the next
 * month instead of refusing them.
 */
export function isImpossibleDate(raw: string): boolean {
  const m = DATE_PREFIX.exec(raw);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return true;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeapYear(year) ? 1 : 0);
  if (day > daysInMonth) return true;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return true;
  return false;
}

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * A UTC `timestamp::text` (DateStyle ISO, `2024-01-01 10:00:00.12`, whatever the session's
 * TimeZone when cast as `(ts AT TIME ZONE 'UTC')::text`) → the ISO 8601 string v1 serialises
 * (`2024-01-01T10:00:00.120Z`), without a Date in between: on the store's hot path, parsing
 * into Date objects only to print them again cost more than the query (see bench/README.md).
 */
export function isoOf(text: string | null): string | null {
  if (text === null) return null;
  if (text.length >= 19 && text.length <= 23 && text.charCodeAt(10) === 32 && text.charCodeAt(text.length - 1) <= 57) {
    const stamp = `${text.slice(0, 10)}T${text.slice(11)}`;
    return stamp.length === 19 ? `${stamp}.000Z` : `${stamp.padEnd(23, "0")}Z`;
  }
  // Outside years 0000–9999 (or BC) there is no v1 form to match; never fail a request on it.
  const date = new Date(`${text.replace(" ", "T")}Z`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}
