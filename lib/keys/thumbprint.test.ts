import { generateKeyPairSync } from "node:crypto";
import { calculateJwkThumbprint } from "jose";
import { describe, expect, it } from "vitest";
import { parsePublicKey } from "./parse-public-key";
import { jwkThumbprint } from "./thumbprint";
import type { PublicJwk } from "./types";

// RFC 7638 §3.1: the worked example and the thumbprint the RFC states for it.
const RFC_7638_KEY = {
  kty: "RSA",
  n:
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn6" +
    "4tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9" +
    "1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
  e: "AQAB",
  alg: "RS256",
  kid: "2011-04-29",
};
const RFC_7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

describe("jwkThumbprint (RFC 7638, SHA-256)", () => {
  it("gives the RFC 7638 §3.1 thumbprint", () => {
    expect(jwkThumbprint({ kty: "RSA", n: RFC_7638_KEY.n, e: RFC_7638_KEY.e })).toBe(RFC_7638_THUMBPRINT);
  });

  it("is the fingerprint parsePublicKey reports for the RFC key, whatever its optional members", () => {
    const result = parsePublicKey(RFC_7638_KEY);
    expect(result).toMatchObject({ ok: true, key: { fingerprint: RFC_7638_THUMBPRINT, bits: 2048 } });
    expect(parsePublicKey(JSON.stringify(RFC_7638_KEY))).toEqual(result);
  });

  it.each([
    ["RSA", () => generateKeyPairSync("rsa", { modulusLength: 2048 })],
    ["P-256", () => generateKeyPairSync("ec", { namedCurve: "P-256" })],
    ["P-384", () => generateKeyPairSync("ec", { namedCurve: "P-384" })],
    ["P-521", () => generateKeyPairSync("ec", { namedCurve: "P-521" })],
    ["secp256k1", () => generateKeyPairSync("ec", { namedCurve: "secp256k1" })],
    ["Ed25519", () => generateKeyPairSync("ed25519")],
  ])("matches jose's calculateJwkThumbprint for %s", async (_name, generate) => {
    const jwk = generate().publicKey.export({ format: "jwk" });
    const expected = await calculateJwkThumbprint(jwk as never, "sha256");
    expect(jwkThumbprint(jwk as PublicJwk)).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
