/** Dates as the browser's locale and time zone show them. */
export const formatDateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "–";

export const formatDate = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" }) : "–");

/** The browser's time zone and its current offset, e.g. "Europe/Berlin (GMT+1)". */
export function timeZoneLabel(at: Date = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = new Intl.DateTimeFormat(undefined, { timeZone: zone, timeZoneName: "shortOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  return offset ? `${zone} (${offset})` : zone;
}

/** Digits after the decimal point of a currency (2 for EUR, 0 for JPY); amounts are in minor units. */
export function currencyDigits(code: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: code.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function formatAmount(minor: number, code: string): string {
  const digits = currencyDigits(code);
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: code.toUpperCase() }).format(minor / 10 ** digits);
  } catch {
    return `${(minor / 10 ** digits).toFixed(digits)} ${code.toUpperCase()}`;
  }
}

/** "12.50" → 1250 for a 2-digit currency; null when it is not a number with at most that many decimals. */
export function parseAmount(text: string, code: string): number | null {
  const digits = currencyDigits(code);
  const trimmed = text.trim().replace(",", ".");
  const pattern = digits === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+(\\.\\d{1,${digits}})?$`);
  if (!pattern.test(trimmed)) return null;
  const [whole = "0", fraction = ""] = trimmed.replace("-", "").split(".");
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return trimmed.startsWith("-") ? -minor : minor;
}

export const toMajorText = (minor: number, code: string) => {
  const digits = currencyDigits(code);
  return (minor / 10 ** digits).toFixed(digits);
};

export const customerName = (c: { first_name?: string | null; last_name?: string | null }) =>
  [c.first_name, c.last_name].filter(Boolean).join(" ");

/** "1 customer", "2,500 customers". */
export const countOf = (n: number, noun: string) => `${n.toLocaleString()} ${n === 1 ? noun : `${noun}s`}`;
