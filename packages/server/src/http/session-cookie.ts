import { createHmac, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "connect.sid";

const signature = (value: string, secret: string) =>
  createHmac("sha256", secret).update(value).digest("base64").replace(/=+$/, "");

/** express-session's format, `s:<sid>.<hmac>`, so the cookie looks exactly like v1's. */
export function signSessionId(sid: string, secret: string): string {
  return `s:${sid}.${signature(sid, secret)}`;
}

export function unsignSessionId(value: string, secret: string): string | null {
  if (!value.startsWith("s:")) return null;
  const body = value.slice(2);
  const dot = body.lastIndexOf(".");
  if (dot <= 0) return null;
  const sid = body.slice(0, dot);
  const given = Buffer.from(body.slice(dot + 1));
  const expected = Buffer.from(signature(sid, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? sid : null;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function sessionCookie(sid: string, secret: string, expires: Date, secure: boolean): string {
  const attrs = [`${SESSION_COOKIE}=${encodeURIComponent(signSessionId(sid, secret))}`, "Path=/", `Expires=${expires.toUTCString()}`, "HttpOnly"];
  if (secure) attrs.push("Secure", "SameSite=None");
  return attrs.join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  const attrs = [`${SESSION_COOKIE}=`, "Path=/", "Expires=Thu, 01 Jan 1970 00:00:00 GMT", "HttpOnly"];
  if (secure) attrs.push("Secure", "SameSite=None");
  return attrs.join("; ");
}
