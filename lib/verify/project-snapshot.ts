import type { KeyObject } from "node:crypto";
import { CURVE_ALGORITHMS, RSA_ALGORITHMS, RSA_MIN_BITS, type Algorithm, type Curve } from "@/lib/keys/algorithms";
import { spkiKeyFromKeyObject } from "./spki";
import type { ProjectPolicy, ProjectSnapshot, VerificationKey } from "./types";

const NODE_CURVES: Readonly<Record<string, Curve>> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
  secp256k1: "secp256k1",
};
const PSS_ALGORITHMS: readonly Algorithm[] = ["PS256", "PS384", "PS512"];

/** What the key material itself can verify, whatever the stored row says. */
function algorithmsOfKeyObject(key: KeyObject): readonly Algorithm[] {
  try {
    if (key.type !== "public") return [];
    const details = key.asymmetricKeyDetails ?? {};
    switch (key.asymmetricKeyType) {
      case "rsa":
        return (details.modulusLength ?? 0) >= RSA_MIN_BITS ? RSA_ALGORITHMS : [];
      case "rsa-pss":
        return (details.modulusLength ?? 0) >= RSA_MIN_BITS ? PSS_ALGORITHMS : [];
      case "ec": {
        const curve = NODE_CURVES[details.namedCurve ?? ""];
        return curve ? CURVE_ALGORITHMS[curve] : [];
      }
      case "ed25519":
        return CURVE_ALGORITHMS.Ed25519;
      default:
        return [];
    }
  } catch {
    return [];
  }
}

/** The key with `algorithms` narrowed to what its KeyObject can verify (the same object when nothing changes). */
function withSafeAlgorithms(key: VerificationKey): VerificationKey {
  const possible = algorithmsOfKeyObject(key.publicKey);
  const algorithms = key.algorithms.filter((alg) => possible.includes(alg));
  return algorithms.length === key.algorithms.length ? key : { ...key, algorithms };
}

/** An active key takes a map slot from a revoked one; otherwise the first key keeps it. */
function putPreferringActive(map: Map<string, VerificationKey>, mapKey: string, key: VerificationKey): void {
  const existing = map.get(mapKey);
  if (existing === undefined || (existing.revoked && !key.revoked)) map.set(mapKey, key);
}

export interface BuildProjectSnapshotOptions {
  projectId: string;
  policy: ProjectPolicy;
  /** Every key the project has ever had, active and revoked. */
  keys: readonly VerificationKey[];
}

export function buildProjectSnapshot({ projectId, policy, keys }: BuildProjectSnapshotOptions): ProjectSnapshot {
  const keysByKid = new Map<string, VerificationKey>();
  const keysBySpki = new Map<string, VerificationKey>();
  for (const original of keys) {
    const key = withSafeAlgorithms(original);
    putPreferringActive(keysByKid, key.kid, key);
    const spki = spkiKeyFromKeyObject(key.publicKey);
    if (spki !== null) putPreferringActive(keysBySpki, spki, key);
  }
  return { projectId, policy, keysByKid, keysBySpki };
}
