import { createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import { hasPrivateJwkMembers, isPlainObject, keyObjectFromJwk } from "./jwk";
import { normaliseKeyObject } from "./normalise";
import { containsPrivateKeyMarker, looksLikePem, readSinglePemBlock, SSH_PUBLIC_KEY_MESSAGE, type PemBlock } from "./pem";
import { fail, invalid, PRIVATE_JWK_MESSAGE, PRIVATE_KEY_MESSAGE } from "./results";
import type { KeyParseResult } from "./types";

export { narrowAlgorithms } from "./narrow-algorithms";

export const MAX_PUBLIC_KEY_INPUT_BYTES = 16 * 1024;

const TOO_LARGE_MESSAGE = `The key is larger than ${MAX_PUBLIC_KEY_INPUT_BYTES / 1024} KiB. Paste only one public key.`;
const SSH_PUBLIC_KEY = /^(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-|sk-(?:ssh|ecdsa))/;

/**
 * Parses a public key pasted by a user (PEM SPKI, PEM PKCS#1, PEM certificate, or a JWK as JSON text or object)
 * and normalises it. Never throws, and no message ever quotes the input.
 *
 * Refusals: private material anywhere in the input (checked first, even above 16 KiB) → private_key_rejected;
 * RSA under 2048 bits → weak_key; other curves and types, RSA-PSS-restricted SPKI, `oct`, RSA over 16384 bits
 * or with an exponent ≥ 2^64 → unsupported_key; everything else wrong (over 16 KiB, more than one PEM block,
 * text around the block, a JWK Set, off-curve points, bad members) → invalid_key.
 */
export function parsePublicKey(input: unknown): KeyParseResult {
  try {
    if (typeof input === "string") return parseText(input);
    if (isPlainObject(input)) return parseJwk(input, true);
    return invalid("The public key must be PEM text or a JWK.");
  } catch {
    return invalid("This is not a valid public key.");
  }
}

function parseText(text: string): KeyParseResult {
  // Private material is refused first, whatever else is wrong with the input, so the warning is never missed.
  if (containsPrivateKeyMarker(text)) return fail("private_key_rejected", PRIVATE_KEY_MESSAGE);
  if (Buffer.byteLength(text, "utf8") > MAX_PUBLIC_KEY_INPUT_BYTES) return invalid(TOO_LARGE_MESSAGE);
  const trimmed = text.trim();
  if (trimmed === "") return invalid("No public key was given.");
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return parseJsonText(trimmed);
  if (looksLikePem(trimmed)) {
    const pem = readSinglePemBlock(trimmed);
    return pem.ok ? parsePem(pem.block) : pem;
  }
  if (SSH_PUBLIC_KEY.test(trimmed)) return invalid(SSH_PUBLIC_KEY_MESSAGE);
  return invalid("This is not a PEM public key, a PEM certificate or a JWK.");
}

function parseJsonText(text: string): KeyParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return invalid("This looks like a JWK but is not valid JSON.");
  }
  if (!isPlainObject(value)) return invalid("A JWK must be a single JSON object.");
  return parseJwk(value, false);
}

function parseJwk(jwk: Record<string, unknown>, checkSize: boolean): KeyParseResult {
  if (hasPrivateJwkMembers(jwk)) return fail("private_key_rejected", PRIVATE_JWK_MESSAGE);
  if (checkSize) {
    let json: string | undefined;
    try {
      json = JSON.stringify(jwk);
    } catch {
      return invalid("The JWK is not a plain JSON object.");
    }
    if (Buffer.byteLength(json ?? "", "utf8") > MAX_PUBLIC_KEY_INPUT_BYTES) return invalid(TOO_LARGE_MESSAGE);
  }
  const built = keyObjectFromJwk(jwk);
  return built.ok ? normaliseKeyObject(built.key) : built;
}

function parsePem(block: PemBlock): KeyParseResult {
  let key: KeyObject;
  try {
    key =
      block.label === "CERTIFICATE"
        ? new X509Certificate(block.der).publicKey
        : createPublicKey({ key: block.der, format: "der", type: block.label === "PUBLIC KEY" ? "spki" : "pkcs1" });
  } catch {
    return invalid(
      block.label === "CERTIFICATE"
        ? "The certificate could not be read. Copy the whole -----BEGIN CERTIFICATE----- block again."
        : "The public key could not be read: the PEM block is damaged or holds something else.",
    );
  }
  return normaliseKeyObject(key);
}
