import type { KeyParseErrorCode, KeyParseResult } from "./types";

export type KeyParseFailure = Extract<KeyParseResult, { ok: false }>;

export function fail(code: KeyParseErrorCode, message: string): KeyParseFailure {
  return { ok: false, code, message };
}

export const PRIVATE_KEY_MESSAGE =
  "This is a private key. Never upload a private key: paste only the public key " +
  "(for example the output of `openssl pkey -in key.pem -pubout`). Nothing was stored.";

export const PRIVATE_JWK_MESSAGE =
  "This is a private key: the JWK has private members (d, p, q, dp, dq or qi). " +
  "Never upload a private key: paste only the public JWK, without those members. Nothing was stored.";

export const SUPPORTED_KEYS_HINT =
  "Signet accepts RSA (2048 bits or more), EC (P-256, P-384, P-521, secp256k1) and Ed25519 public keys.";

export const invalid = (message: string) => fail("invalid_key", message);
export const unsupported = (message: string) => fail("unsupported_key", `${message} ${SUPPORTED_KEYS_HINT}`);
