import { createHash, createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

const MAGIC = Buffer.from("scrypt");

/**
 * Hashes a password into the 96-byte `scrypt-kdf` layout Medusa v1 stores (base64):
 * "scrypt", version 0, logN, r, p, 32-byte salt, SHA-256 checksum of the header (16 bytes),
 * HMAC-SHA-256 of the first 64 bytes keyed by the second half of the derived key. Keeping
 * that layout lets Cohort read password hashes imported from a v1 database.
 */
export async function hashPassword(password: string, logN = 15, r = 8, p = 1): Promise<string> {
  const header = Buffer.alloc(96);
  MAGIC.copy(header, 0);
  header.writeUInt8(0, 6);
  header.writeUInt8(logN, 7);
  header.writeUInt32BE(r, 8);
  header.writeUInt32BE(p, 12);
  randomBytes(32).copy(header, 16);
  createHash("sha256").update(header.subarray(0, 48)).digest().copy(header, 48, 0, 16);
  const key = await derive(password, header.subarray(16, 48), logN, r, p);
  createHmac("sha256", key.subarray(32)).update(header.subarray(0, 64)).digest().copy(header, 64);
  return header.toString("base64");
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) return false;
  const buf = Buffer.from(stored, "base64");
  if (buf.length !== 96 || !buf.subarray(0, 6).equals(MAGIC) || buf[6] !== 0) return false;
  const logN = buf.readUInt8(7);
  const r = buf.readUInt32BE(8);
  const p = buf.readUInt32BE(12);
  if (logN < 1 || logN > 24 || r < 1 || r > 64 || p < 1 || p > 16) return false;
  const checksum = createHash("sha256").update(buf.subarray(0, 48)).digest().subarray(0, 16);
  if (!timingSafeEqual(checksum, buf.subarray(48, 64))) return false;
  const key = await derive(password, buf.subarray(16, 48), logN, r, p);
  const mac = createHmac("sha256", key.subarray(32)).update(buf.subarray(0, 64)).digest();
  return timingSafeEqual(mac, buf.subarray(64, 96));
}

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return scrypt(password, salt, 64, { N, r, p, maxmem: 256 * N * r + 16 * 1024 * 1024 });
}
