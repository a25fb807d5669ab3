import { isSupportedAlgorithm, SUPPORTED_ALGORITHMS, type Algorithm } from "./algorithms";
import type { ParsedPublicKey } from "./types";

export type NarrowResult = { ok: true; algorithms: Algorithm[] } | { ok: false; message: string };

// Short alphanumeric names (HS256, none) are safe to name back; anything else is described, not quoted.
const NAMEABLE = /^[A-Za-z0-9-]{1,16}$/;

/** The algorithms a key may verify after the owner narrows it; nothing requested means all of them. */
export function narrowAlgorithms(
  key: Pick<ParsedPublicKey, "keyType" | "curve" | "algorithms">,
  requested: readonly string[] | undefined | null,
): NarrowResult {
  if (requested === undefined || requested === null) return { ok: true, algorithms: [...key.algorithms] };
  if (!Array.isArray(requested)) return { ok: false, message: "Algorithms must be a list of algorithm names." };
  if (requested.length === 0) return { ok: true, algorithms: [...key.algorithms] };
  const allowed = new Set<string>(key.algorithms);
  const chosen = new Set<string>();
  for (const entry of requested as readonly unknown[]) {
    if (typeof entry !== "string") return { ok: false, message: "Algorithms must be a list of algorithm names." };
    if (!isSupportedAlgorithm(entry)) {
      const name = NAMEABLE.test(entry) ? `${entry} is` : "One of the requested algorithms is";
      return { ok: false, message: `${name} not an algorithm Signet supports; choose from ${SUPPORTED_ALGORITHMS.join(", ")}.` };
    }
    if (!allowed.has(entry)) {
      return {
        ok: false,
        message: `${entry} cannot be used with ${describeKey(key)}; it can verify ${key.algorithms.join(", ")}.`,
      };
    }
    chosen.add(entry);
  }
  return { ok: true, algorithms: SUPPORTED_ALGORITHMS.filter((alg) => chosen.has(alg)) };
}

function describeKey(key: Pick<ParsedPublicKey, "keyType" | "curve">): string {
  if (key.keyType === "RSA") return "an RSA key";
  if (key.keyType === "OKP") return "an Ed25519 key";
  return `a ${key.curve ?? "EC"} EC key`;
}
