import { createHash, randomBytes } from "node:crypto";

/** A high-entropy bearer token; only its SHA-256 is ever stored. */
export function generateOpaqueToken(prefix: string): { token: string; tokenHash: string; displayPrefix: string } {
  const token = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { token, tokenHash: hashOpaqueToken(token), displayPrefix: token.slice(0, prefix.length + 7) };
}

export function hashOpaqueToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
