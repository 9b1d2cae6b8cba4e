import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

let lastTime = -1;
let lastRandom: Uint8Array = new Uint8Array(10);

function incrementRandom(bytes: Uint8Array): Uint8Array {
  const next = Uint8Array.from(bytes);
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] === 0xff) {
      next[i] = 0;
      continue;
    }
    next[i] = next[i]! + 1;
    return next;
  }
  return next;
}

/**
 * A 26-character ULID: 48 bits of milliseconds then 80 random bits, Crockford base32.
 * Monotonic within one process, so ids made in the same millisecond still sort in
 * creation order (lists break created_at ties by id).
 */
export function ulid(now = Date.now()): string {
  if (now <= lastTime) {
    lastRandom = incrementRandom(lastRandom);
    now = lastTime;
  } else {
    lastTime = now;
    lastRandom = Uint8Array.from(randomBytes(10));
  }
  let out = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32] + out;
    t = Math.floor(t / 32);
  }
  // 80 random bits = 16 base32 characters, read 5 bits at a time.
  let bits = 0;
  let value = 0;
  let rand = "";
  for (const byte of lastRandom) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      rand += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out + rand;
}

export type IdPrefix = "cgrp" | "cus" | "pl" | "ma" | "usr" | "reg" | "prod" | "variant" | "addr" | "sess" | "evt" | "wh" | "batch" | "upl";

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}
