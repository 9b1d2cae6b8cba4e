import pg from "pg";

/** pg's own parser (postgres-date), for what the fast path does not read. */
const parsePgDate = pg.types.getTypeParser(1184, "text") as (text: string) => Date | number | null;

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/**
 * pg's parser for `timestamptz` text (`2026-11-26 14:36:00.123+00`), with a fast path.
 * postgres-date runs three regular expressions and several Date mutations per value; a
 * page of 50 customers carries 150 timestamps, and parsing them was ~10 % of the server's
 * CPU for the members list. The fast path reads the usual shape (a 4-digit year from
 * 0100, optional fraction, a `±HH[:MM[:SS]]` offset) by character codes and computes the
 * same instant (fractions beyond milliseconds truncated, as Date does); anything else —
 * BC dates, years before 100 or after 9999, `infinity` — goes to postgres-date.
 */
export function parseTimestamptz(text: string): Date | number | null {
  if (
    text.length >= 22 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 32 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58
  ) {
    const year = two(text, 0) * 100 + two(text, 2);
    let i = 19;
    let ms = 0;
    if (text.charCodeAt(i) === 46) {
      let scale = 100;
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
      }
    }
    const sign = text.charCodeAt(i);
    const end = text.length;
    if (year >= 100 && (sign === 43 || sign === 45) && (end === i + 3 || end === i + 6 || end === i + 9)) {
      let offset = two(text, i + 1) * 3600;
      if (end > i + 3) offset += two(text, i + 4) * 60;
      if (end > i + 6) offset += two(text, i + 7);
      const utc = Date.UTC(year, two(text, 5) - 1, two(text, 8), two(text, 11), two(text, 14), two(text, 17), Math.trunc(ms));
      return new Date(utc - (sign === 45 ? -offset : offset) * 1000);
    }
  }
  return parsePgDate(text);
}
