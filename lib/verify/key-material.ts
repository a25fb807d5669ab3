import { createPublicKey, type KeyObject } from "node:crypto";
import { CURVE_ALGORITHMS, RSA_ALGORITHMS, RSA_MIN_BITS, type Algorithm, type Curve } from "@/lib/keys/algorithms";
import type { VerificationKey } from "./types";

// A key's node:crypto KeyObject is made the first time a token names the key, not when
// its project is loaded: a KeyObject costs ~2.6 KiB (P-256) and 70–290 µs to make, and a
// project's 25 keys are rarely all in use. Loading a project then costs one query and no
// crypto, and 10,000 cached projects hold their keys as SPKI text.

const NODE_CURVES: Readonly<Record<string, Curve>> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
  secp256k1: "secp256k1",
};
const PSS_ALGORITHMS: readonly Algorithm[] = ["PS256", "PS384", "PS512"];

/** What the key material itself can verify, whatever the stored row says. */
export function algorithmsOfKeyObject(key: KeyObject): readonly Algorithm[] {
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

/**
 * The key's KeyObject, made from its SPKI on first use and remembered on the key; null
 * when the stored material does not parse (the key then fails as revoked_key). Making it
 * also narrows `key.algorithms` to what the material can verify, so a stored row that
 * were ever wrong cannot widen what the key accepts.
 */
export function keyMaterial(key: VerificationKey): KeyObject | null {
  if (key.material !== undefined) return key.material;
  let material: KeyObject | null;
  try {
    material = createPublicKey({ key: Buffer.from(key.spki, "base64"), format: "der", type: "spki" });
  } catch {
    material = null;
  }
  const possible = material === null ? [] : algorithmsOfKeyObject(material);
  if (!key.algorithms.every((alg) => possible.includes(alg))) {
    key.algorithms = key.algorithms.filter((alg) => possible.includes(alg));
  }
  key.material = material;
  return material;
}
