import * as crypto from "node:crypto";

// crypto.hash (Node ≥ 20.12) is the one-shot form: several times cheaper than
// createHash().update().digest() on the per-request paths; engines allow 20.9.
type OneShot = (algorithm: string, data: string, outputEncoding: "buffer" | "latin1" | "hex") => Buffer | string;
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

/** SHA-256 of a string's UTF-8 bytes. */
export function sha256(value: string, encoding: "buffer"): Buffer;
/** "latin1": the 32 digest bytes as a 32-character one-byte string (a compact map key). */
export function sha256(value: string, encoding: "latin1" | "hex"): string;
export function sha256(value: string, encoding: "buffer" | "latin1" | "hex"): Buffer | string {
  if (oneShot) return oneShot("sha256", value, encoding);
  const digest = crypto.createHash("sha256").update(value, "utf8");
  if (encoding === "buffer") return digest.digest();
  // "binary" is Node's older name for latin1.
  return digest.digest(encoding === "latin1" ? "binary" : encoding);
}
