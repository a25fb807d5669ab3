import { createPublicKey, type KeyObject } from "node:crypto";

export const PEM_PUBLIC_KEY_BEGIN = "-----BEGIN PUBLIC KEY-----";
const PEM_PUBLIC_KEY_END = "-----END PUBLIC KEY-----";
const MAX_PEM_LENGTH = 16 * 1024;
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;
const WHITESPACE = /\s+/g;

/** The `keysBySpki` map key of a public KeyObject: base64 of its SPKI DER; null for anything else. */
export function spkiKeyFromKeyObject(key: KeyObject): string | null {
  try {
    if (key.type !== "public") return null;
    // Node exports an EC point in the form it was imported; a JWK round trip makes it uncompressed.
    const canonical =
      key.asymmetricKeyType === "ec" ? createPublicKey({ key: key.export({ format: "jwk" }), format: "jwk" }) : key;
    return canonical.export({ format: "der", type: "spki" }).toString("base64");
  } catch {
    return null;
  }
}

/**
 * The base64 body of one PEM `PUBLIC KEY` block (any line wrapping, CRLF, surrounding
 * whitespace), as written: no parsing, no normalising. Null for anything else, private
 * keys and certificates included.
 */
export function pemPublicKeyBody(pem: string): string | null {
  if (typeof pem !== "string" || pem.length > MAX_PEM_LENGTH) return null;
  const text = pem.trim();
  if (!text.startsWith(PEM_PUBLIC_KEY_BEGIN) || !text.endsWith(PEM_PUBLIC_KEY_END)) return null;
  const body = text
    .slice(PEM_PUBLIC_KEY_BEGIN.length, text.length - PEM_PUBLIC_KEY_END.length)
    .replace(WHITESPACE, "");
  // Also refuses a second PEM block glued inside, since "-" is not in the base64 alphabet.
  return BASE64_BODY.test(body) ? body : null;
}

/**
 * The `keysBySpki` map key of one PEM `PUBLIC KEY` block: its SPKI DER in the canonical
 * encoding, base64; null for anything that is not a public key.
 */
export function spkiKeyFromPem(pem: string): string | null {
  const body = pemPublicKeyBody(pem);
  if (body === null) return null;
  try {
    // Re-exporting normalises the encoding, so two spellings of one key share one map key.
    return spkiKeyFromKeyObject(createPublicKey({ key: Buffer.from(body, "base64"), format: "der", type: "spki" }));
  } catch {
    return null;
  }
}

const MEMO_LIMIT = 1000;
// The one piece of module state: parsing a PEM per request is the slow part of thirdweb-style tokens.
const memo = new Map<string, string | null>();

/** spkiKeyFromPem, memoised by the exact `iss` string (bounded: cleared when full). */
export function spkiKeyFromIssuer(iss: string): string | null {
  const known = memo.get(iss);
  if (known !== undefined) return known;
  const spki = spkiKeyFromPem(iss);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(iss, spki);
  return spki;
}
