import { createHmac, timingSafeEqual } from "node:crypto";

const b64url = (input: Buffer | string) => Buffer.from(input).toString("base64url");
const HEADER = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));

export function signJwt(payload: Record<string, unknown>, secret: string, expiresInSeconds: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const body = b64url(JSON.stringify({ ...payload, iat, exp: iat + expiresInSeconds }));
  const signature = createHmac("sha256", secret).update(`${HEADER}.${body}`).digest("base64url");
  return `${HEADER}.${body}.${signature}`;
}

/** Returns the payload of a valid, unexpired HS256 token, or null. */
export function verifyJwt(token: string, secret: string, now = Date.now()): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [header, body, signature] = parts as [string, string, string];
  try {
    const alg = JSON.parse(Buffer.from(header, "base64url").toString("utf8"))?.alg;
    if (alg !== "HS256") return null;
    const expected = createHmac("sha256", secret).update(`${header}.${body}`).digest();
    const given = Buffer.from(signature, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    if (typeof payload !== "object" || payload === null) return null;
    // A token without a numeric expiry would be valid for ever: refused.
    if (typeof payload.exp !== "number" || !Number.isFinite(payload.exp) || payload.exp * 1000 <= now) return null;
    return payload as Record<string, unknown>;
  } catch {
    return null;
  }
}

export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}
