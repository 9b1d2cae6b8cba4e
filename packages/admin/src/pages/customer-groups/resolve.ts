import type { Cohort } from "@cohort/client";

export interface Resolution {
  /** Customer ids to add: pasted ids as they are (the API checks them), emails found. */
  ids: string[];
  /** Pasted emails that match no customer. */
  unknownEmails: string[];
  /** Pasted entries that are neither a customer id nor an email. */
  invalid: string[];
}

/** At most this many emails are looked up per paste (one search each). */
export const MAX_EMAILS = 200;

/** Splits pasted text on new lines, commas, semicolons and spaces; drops repeats. */
export function splitPasted(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}

/**
 * Pasted ids and emails to customer ids. Emails are found through the customers list's `q`
 * (a substring search), keeping only the exact, case-insensitive match; a few at a time.
 */
export async function resolvePasted(cohort: Cohort, entries: string[]): Promise<Resolution> {
  const ids: string[] = [];
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const entry of entries) {
    if (/^cus_[0-9A-Za-z_-]+$/.test(entry)) ids.push(entry);
    else if (/^[^@\s]+@[^@\s]+$/.test(entry)) emails.push(entry.toLowerCase());
    else invalid.push(entry);
  }
  if (emails.length > MAX_EMAILS) throw new Error(`Paste at most ${MAX_EMAILS} emails at a time (got ${emails.length}); ids have no limit.`);
  const unknownEmails: string[] = [];
  for (let i = 0; i < emails.length; i += 5) {
    const chunk = emails.slice(i, i + 5);
    const found = await Promise.all(
      chunk.map(async (email) => {
        const { customers } = await cohort.admin.customers.list({ q: email, limit: 10 });
        return customers.find((c) => c.email?.toLowerCase() === email)?.id;
      }),
    );
    found.forEach((id, j) => (id ? ids.push(id) : unknownEmails.push(chunk[j]!)));
  }
  return { ids: [...new Set(ids)], unknownEmails, invalid };
}
