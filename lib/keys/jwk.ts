import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { invalid, unsupported, type KeyParseFailure } from "./results";

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth"] as const;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

// Base64url length of each curve's fixed-size coordinates (RFC 7518 §6.2.1.2, RFC 8037 §2).
const COORDINATE_CHARS: Readonly<Record<string, number>> = {
  "P-256": 43,
  "P-384": 64,
  "P-521": 88,
  secp256k1: 43,
  Ed25519: 43,
};

// Curve names a JWK may carry that Signet knows but refuses; anything else is not named back.
const REFUSED_OKP: Readonly<Record<string, string>> = {
  X25519: "X25519 keys are for key agreement and cannot sign tokens; use an Ed25519 key for EdDSA.",
  X448: "X448 keys are for key agreement and cannot sign tokens; use an Ed25519 key for EdDSA.",
  Ed448: "Ed448 keys are not supported; use an Ed25519 key for EdDSA.",
};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True for a JWK with private members, or a JWK Set holding one. */
export function hasPrivateJwkMembers(jwk: Record<string, unknown>): boolean {
  if (PRIVATE_MEMBERS.some((name) => Object.hasOwn(jwk, name))) return true;
  const keys = jwk.keys;
  return Array.isArray(keys) && keys.some((entry) => isPlainObject(entry) && hasPrivateJwkMembers(entry));
}

function isBase64url(value: unknown, chars?: number): value is string {
  if (typeof value !== "string" || !BASE64URL.test(value) || value.length % 4 === 1) return false;
  return chars === undefined || value.length === chars;
}

/** Turns a JWK (private members already refused) into a node KeyObject built from its public members only. */
export function keyObjectFromJwk(jwk: Record<string, unknown>): { ok: true; key: KeyObject } | KeyParseFailure {
  if (Array.isArray(jwk.keys)) {
    return invalid('This is a JWK Set. Paste a single key from its "keys" array.');
  }
  const { kty } = jwk;
  if (typeof kty !== "string") return invalid('This JSON is not a JWK: it has no "kty" member.');
  const members = publicMembers(kty, jwk);
  if (!members.ok) return members;
  try {
    return { ok: true, key: createPublicKey({ key: members.jwk, format: "jwk" }) };
  } catch {
    return invalid(
      kty === "EC"
        ? "The JWK's x and y coordinates are not a point on its curve."
        : "The JWK's members do not form a valid public key.",
    );
  }
}

function publicMembers(kty: string, jwk: Record<string, unknown>): { ok: true; jwk: JsonWebKey } | KeyParseFailure {
  const { crv, n, e, x, y } = jwk;
  switch (kty) {
    case "RSA":
      if (!isBase64url(n) || !isBase64url(e)) {
        return invalid('The RSA JWK needs "n" and "e" members holding base64url strings.');
      }
      return { ok: true, jwk: { kty, n, e } };
    case "EC": {
      if (typeof crv !== "string") return invalid('The EC JWK needs a "crv" member.');
      const chars = crv === "Ed25519" ? undefined : COORDINATE_CHARS[crv];
      if (chars === undefined) return unsupported("This EC curve is not supported.");
      if (!isBase64url(x, chars) || !isBase64url(y, chars)) {
        return invalid(`The EC JWK needs "x" and "y" members holding base64url coordinates of the right length for ${crv}.`);
      }
      return { ok: true, jwk: { kty, crv, x, y } };
    }
    case "OKP": {
      if (typeof crv !== "string") return invalid('The OKP JWK needs a "crv" member.');
      if (crv !== "Ed25519") return unsupported(REFUSED_OKP[crv] ?? "This OKP curve is not supported.");
      if (!isBase64url(x, COORDINATE_CHARS.Ed25519)) {
        return invalid('The Ed25519 JWK needs an "x" member holding a 32-byte base64url public key.');
      }
      return { ok: true, jwk: { kty, crv, x } };
    }
    case "oct":
      return unsupported(
        'Symmetric keys (kty "oct") are not supported: Signet verifies tokens with public keys only, and a shared secret should never be uploaded.',
      );
    default:
      return unsupported("This JWK key type is not supported.");
  }
}
