import type { Algorithm, Curve, KeyType } from "./algorithms";

/** The public members of a JWK, exactly as RFC 7517 names them; never private members. */
export type PublicJwk =
  | { kty: "RSA"; n: string; e: string }
  | { kty: "EC"; crv: "P-256" | "P-384" | "P-521" | "secp256k1"; x: string; y: string }
  | { kty: "OKP"; crv: "Ed25519"; x: string };

/** A public key after parsing and normalisation: what Signet stores. */
export interface ParsedPublicKey {
  keyType: KeyType;
  curve: Curve | null;
  /** RSA modulus length in bits; null for EC/OKP. */
  bits: number | null;
  /** Every algorithm this key type can verify, in the canonical order of SUPPORTED_ALGORITHMS. */
  algorithms: Algorithm[];
  /** RFC 7638 JWK thumbprint, SHA-256, base64url without padding. */
  fingerprint: string;
  /** Normalised SPKI PEM: "-----BEGIN PUBLIC KEY-----\n" + 64-char lines + "\n-----END PUBLIC KEY-----\n". */
  spkiPem: string;
  jwk: PublicJwk;
}

export type KeyParseErrorCode = "private_key_rejected" | "weak_key" | "unsupported_key" | "invalid_key";

export type KeyParseResult =
  | { ok: true; key: ParsedPublicKey }
  | { ok: false; code: KeyParseErrorCode; message: string };
