import { hasOwn, type ParsedJws } from "./compact-jws";
import { PEM_PUBLIC_KEY_BEGIN, spkiKeyFromIssuer } from "./spki";
import type { ProjectSnapshot, VerificationKey } from "./types";

/**
 * The project's key named by the token: by `kid`, or, without one, by an `iss`
 * holding a PEM public key (thirdweb). Only this project's maps are consulted.
 */
export function resolveKey(
  project: ProjectSnapshot,
  jws: ParsedJws,
): VerificationKey | "empty_key_id" | "unknown_key" {
  if (jws.kid !== undefined) return project.keysByKid.get(jws.kid) ?? "unknown_key";
  const iss = hasOwn(jws.payload, "iss") ? jws.payload.iss : undefined;
  if (typeof iss !== "string" || !iss.includes(PEM_PUBLIC_KEY_BEGIN)) return "empty_key_id";
  const spki = spkiKeyFromIssuer(iss);
  return (spki !== null && project.keysBySpki.get(spki)) || "unknown_key";
}
