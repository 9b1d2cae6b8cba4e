import { randomBytes } from "node:crypto";
import { hashPassword, verifyPassword } from "./password.js";

/** One throwaway hash per cost, made on first use: what an unknown email is checked against. */
const dummies = new Map<number, Promise<string>>();

/**
 * Whether `password` matches the stored hash. Without a stored hash (no such account) the
 * password is still checked, against a dummy hash of the configured cost, and fails: a
 * login for an unknown email takes as long as one with a wrong password.
 */
export async function passwordMatches(password: string, stored: string | null | undefined, logN: number): Promise<boolean> {
  if (stored) return verifyPassword(password, stored);
  let dummy = dummies.get(logN);
  if (!dummy) {
    dummy = hashPassword(randomBytes(16).toString("hex"), logN);
    dummies.set(logN, dummy);
  }
  await verifyPassword(password, await dummy);
  return false;
}
