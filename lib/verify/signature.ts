import { constants, verify, type KeyObject } from "node:crypto";
import type { Algorithm, Curve } from "@/lib/keys/algorithms";
import type { VerificationKey } from "./types";

type Scheme =
  | { kind: "pkcs1"; hash: string }
  | { kind: "pss"; hash: string }
  | { kind: "ecdsa"; hash: string; curve: Curve; size: number; order: Buffer }
  | { kind: "eddsa" };

function curveOrder(hex: string): Buffer {
  return Buffer.from(hex, "hex");
}

// Group orders n (SEC 2 / FIPS 186-4), big-endian, padded to the JOSE size of r and s.
const P256_ORDER = curveOrder("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const P384_ORDER = curveOrder(
  "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
);
const P521_ORDER = curveOrder(
  "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" +
    "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
);
const SECP256K1_ORDER = curveOrder("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
const ZERO = Buffer.alloc(66);

const SCHEMES: Readonly<Record<Algorithm, Scheme>> = {
  RS256: { kind: "pkcs1", hash: "sha256" },
  RS384: { kind: "pkcs1", hash: "sha384" },
  RS512: { kind: "pkcs1", hash: "sha512" },
  PS256: { kind: "pss", hash: "sha256" },
  PS384: { kind: "pss", hash: "sha384" },
  PS512: { kind: "pss", hash: "sha512" },
  ES256: { kind: "ecdsa", hash: "sha256", curve: "P-256", size: 32, order: P256_ORDER },
  ES384: { kind: "ecdsa", hash: "sha384", curve: "P-384", size: 48, order: P384_ORDER },
  ES512: { kind: "ecdsa", hash: "sha512", curve: "P-521", size: 66, order: P521_ORDER },
  ES256K: { kind: "ecdsa", hash: "sha256", curve: "secp256k1", size: 32, order: SECP256K1_ORDER },
  EdDSA: { kind: "eddsa" },
};

/**
 * Whether the algorithm belongs to the key's declared type and curve. Node ignores
 * `dsaEncoding` for RSA keys and verifies DER ECDSA under an "RS256" label, so a key
 * whose `algorithms` list were ever wrong must still not cross families.
 */
export function algorithmFitsKey(alg: Algorithm, key: VerificationKey): boolean {
  const scheme = SCHEMES[alg];
  switch (scheme.kind) {
    case "pkcs1":
    case "pss":
      return key.keyType === "RSA";
    case "ecdsa":
      return key.keyType === "EC" && key.curve === scheme.curve;
    case "eddsa":
      return key.keyType === "OKP" && key.curve === "Ed25519";
  }
}

/** r and s must each be in [1, n - 1]; OpenSSL refuses these too, but Signet does not lean on that. */
function isScalarInRange(signature: Buffer, start: number, size: number, order: Buffer): boolean {
  const end = start + size;
  return ZERO.compare(signature, start, end, 0, size) !== 0 && order.compare(signature, start, end) > 0;
}

export function isEcdsaSignatureWellFormed(signature: Buffer, size: number, order: Buffer): boolean {
  return (
    signature.length === size * 2 &&
    isScalarInRange(signature, 0, size, order) &&
    isScalarInRange(signature, size, size, order)
  );
}

/** Verifies a JWS signature synchronously; false for any failure, never throws. */
export function verifySignature(
  alg: Algorithm,
  publicKey: KeyObject,
  signingInput: Buffer,
  signature: Buffer,
): boolean {
  const scheme = SCHEMES[alg];
  try {
    switch (scheme.kind) {
      case "pkcs1":
        return verify(scheme.hash, signingInput, publicKey, signature);
      case "pss":
        return verify(
          scheme.hash,
          signingInput,
          { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
          signature,
        );
      case "ecdsa":
        if (!isEcdsaSignatureWellFormed(signature, scheme.size, scheme.order)) return false;
        return verify(scheme.hash, signingInput, { key: publicKey, dsaEncoding: "ieee-p1363" }, signature);
      case "eddsa":
        if (signature.length !== 64) return false;
        return verify(null, signingInput, publicKey, signature);
    }
  } catch {
    return false;
  }
}
