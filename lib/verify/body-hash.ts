import { createHash } from "node:crypto";
import type { VerifyInput } from "./types";

/**
 * A `bodyHash` claim must equal (case-insensitively) the SHA-256 hex of the body
 * the gateway passed; the raw body wins over `bodySha256` when both are given.
 */
export function bodyHashMatches(bodyHash: unknown, input: VerifyInput): boolean {
  if (typeof bodyHash !== "string") return false;
  let actual: string;
  if (typeof input.body === "string") {
    actual = createHash("sha256").update(input.body, "utf8").digest("hex");
  } else if (typeof input.bodySha256 === "string" && input.bodySha256 !== "") {
    actual = input.bodySha256.toLowerCase();
  } else {
    return false;
  }
  return bodyHash.length === actual.length && bodyHash.toLowerCase() === actual;
}
