// Which JWS algorithms each key type may verify. The key's own type decides;
// there is no symmetric algorithm here, so a public key can never act as an HMAC secret.

export const KEY_TYPES = ["RSA", "EC", "OKP"] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export const CURVES = ["P-256", "P-384", "P-521", "secp256k1", "Ed25519"] as const;
export type Curve = (typeof CURVES)[number];

export const SUPPORTED_ALGORITHMS = [
  "RS256", "RS384", "RS512",
  "PS256", "PS384", "PS512",
  "ES256", "ES384", "ES512", "ES256K",
  "EdDSA",
] as const;
export type Algorithm = (typeof SUPPORTED_ALGORITHMS)[number];

export const RSA_MIN_BITS = 2048;
export const RSA_ALGORITHMS: readonly Algorithm[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];

export const CURVE_ALGORITHMS: Readonly<Record<Curve, readonly Algorithm[]>> = {
  "P-256": ["ES256"],
  "P-384": ["ES384"],
  "P-521": ["ES512"],
  secp256k1: ["ES256K"],
  Ed25519: ["EdDSA"],
};

const SUPPORTED_SET: ReadonlySet<string> = new Set(SUPPORTED_ALGORITHMS);

export function isSupportedAlgorithm(value: unknown): value is Algorithm {
  return typeof value === "string" && SUPPORTED_SET.has(value);
}

/** Every algorithm a key of this type (and curve) can verify. */
export function algorithmsForKey(keyType: KeyType, curve: Curve | null): readonly Algorithm[] {
  if (keyType === "RSA") return RSA_ALGORITHMS;
  return curve ? CURVE_ALGORITHMS[curve] : [];
}
