import { isUtf8 } from "node:buffer";

export const MAX_TOKEN_BYTES = 8 * 1024;

/** The payload and its time claims, read once (what the claim checks need). */
export interface TokenClaims {
  payload: Record<string, unknown>;
  exp: number | undefined;
  nbf: number | undefined;
  iat: number | undefined;
}

/** A compact JWS that passed every structural check; nothing in it is trusted yet. */
export interface ParsedJws extends TokenClaims {
  alg: string;
  /** Absent and "" both mean "no kid". */
  kid: string | undefined;
  /** The ASCII bytes of `header.payload`, as signed. */
  signingInput: Buffer;
  signature: Buffer;
}

const DOT = 0x2e;

// 0..63 for base64url characters, -1 for anything else.
const BASE64URL_VALUE = new Int8Array(128).fill(-1);
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
  .split("")
  .forEach((char, index) => {
    BASE64URL_VALUE[char.charCodeAt(0)] = index;
  });

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Whether token[start, end) is canonical unpadded base64url: the alphabet was
 * checked by the caller; here a length of 1 mod 4 and non-zero trailing bits
 * are refused, so that one byte string has exactly one encoding.
 */
function isCanonicalLength(token: string, start: number, end: number): boolean {
  const rest = (end - start) % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const last = BASE64URL_VALUE[token.charCodeAt(end - 1)] ?? -1;
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

function decodeJsonObject(part: string): Record<string, unknown> | null {
  const bytes = Buffer.from(part, "base64url");
  if (!isUtf8(bytes)) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    return isJsonObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** A NumericDate claim: undefined when absent, null when present but not a finite number. */
function readTime(payload: Record<string, unknown>, name: string): number | undefined | null {
  if (!hasOwn(payload, name)) return undefined;
  const value = payload[name];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Parses a compact JWS strictly; null means malformed_token. Never throws. */
export function parseCompactJws(token: unknown): ParsedJws | null {
  if (typeof token !== "string" || token.length > MAX_TOKEN_BYTES) return null;

  let firstDot = -1;
  let secondDot = -1;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code === DOT) {
      if (firstDot === -1) firstDot = i;
      else if (secondDot === -1) secondDot = i;
      else return null;
    } else if (code > 127 || BASE64URL_VALUE[code] === -1) {
      return null;
    }
  }
  if (secondDot === -1) return null;
  if (
    !isCanonicalLength(token, 0, firstDot) ||
    !isCanonicalLength(token, firstDot + 1, secondDot) ||
    !isCanonicalLength(token, secondDot + 1, token.length)
  ) {
    return null;
  }

  const header = decodeJsonObject(token.slice(0, firstDot));
  if (header === null) return null;
  // Signet implements no JWS extension, so any `crit` (even an empty one, which RFC 7515 forbids) is refused,
  // and `b64` only has a meaning under `crit`: refusing it outright closes the unencoded-payload confusion.
  if (hasOwn(header, "crit") || hasOwn(header, "b64")) return null;
  const alg = hasOwn(header, "alg") ? header.alg : undefined;
  if (typeof alg !== "string") return null;
  const kid = hasOwn(header, "kid") ? header.kid : undefined;
  if (kid !== undefined && typeof kid !== "string") return null;

  const payload = decodeJsonObject(token.slice(firstDot + 1, secondDot));
  if (payload === null) return null;
  const exp = readTime(payload, "exp");
  const nbf = readTime(payload, "nbf");
  const iat = readTime(payload, "iat");
  if (exp === null || nbf === null || iat === null) return null;

  return {
    alg,
    kid: kid === "" ? undefined : kid,
    payload,
    exp,
    nbf,
    iat,
    // The token is pure ASCII by now, so latin1 gives its exact bytes.
    signingInput: Buffer.from(token.slice(0, secondDot), "latin1"),
    signature: Buffer.from(token.slice(secondDot + 1), "base64url"),
  };
}
