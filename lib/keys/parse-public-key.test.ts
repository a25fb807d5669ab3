import { generateKeyPairSync } from "node:crypto";
import { calculateJwkThumbprint } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RSA_ALGORITHMS } from "./algorithms";
import { MAX_PUBLIC_KEY_INPUT_BYTES, parsePublicKey } from "./parse-public-key";
import { createOpensslKit, publicJwkOf, spkiOf, type OpensslKit } from "./testing/openssl";
import type { ParsedPublicKey } from "./types";

const SPKI_PEM = /^-----BEGIN PUBLIC KEY-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END PUBLIC KEY-----\n$/;

const EC_CURVES = [
  { openssl: "prime256v1", curve: "P-256", alg: "ES256" },
  { openssl: "secp384r1", curve: "P-384", alg: "ES384" },
  { openssl: "secp521r1", curve: "P-521", alg: "ES512" },
  { openssl: "secp256k1", curve: "secp256k1", alg: "ES256K" },
] as const;

let kit: OpensslKit;
const ec: Record<string, string> = {};
let rsaSpki: string;
let rsaPkcs1: string;
let rsaCert: string;
let rsa3072: string;
let ed25519: string;
let p256Cert: string;
let p256Compressed: string;
let p256Explicit: string;

beforeAll(() => {
  kit = createOpensslKit();
  for (const { openssl: name } of EC_CURVES) {
    kit.openssl("ecparam", "-name", name, "-genkey", "-noout", "-out", `${name}.pem`);
    ec[name] = kit.openssl("ec", "-in", `${name}.pem`, "-pubout");
  }
  p256Cert = kit.openssl("req", "-x509", "-new", "-key", "prime256v1.pem", "-subj", "/CN=test", "-days", "1");
  p256Compressed = kit.openssl("ec", "-in", "prime256v1.pem", "-pubout", "-conv_form", "compressed");
  p256Explicit = kit.openssl("ec", "-in", "prime256v1.pem", "-pubout", "-param_enc", "explicit");

  kit.openssl("genrsa", "-out", "rsa.pem", "2048");
  rsaSpki = kit.openssl("rsa", "-in", "rsa.pem", "-pubout");
  rsaPkcs1 = kit.openssl("rsa", "-in", "rsa.pem", "-RSAPublicKey_out");
  rsaCert = kit.openssl("req", "-x509", "-new", "-key", "rsa.pem", "-subj", "/CN=test", "-days", "1");
  kit.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-out", "rsa3072.pem");
  rsa3072 = kit.openssl("rsa", "-in", "rsa3072.pem", "-pubout");

  kit.openssl("genpkey", "-algorithm", "ed25519", "-out", "ed.pem");
  ed25519 = kit.openssl("pkey", "-in", "ed.pem", "-pubout");
});

afterAll(() => kit?.cleanup());

function parsed(input: unknown): ParsedPublicKey {
  const result = parsePublicKey(input);
  if (!result.ok) throw new Error(`expected a key, got ${result.code}: ${result.message}`);
  return result.key;
}

async function expectNormalised(key: ParsedPublicKey, publicPem: string) {
  expect(key.spkiPem).toMatch(SPKI_PEM);
  expect(key.spkiPem).toBe(spkiOf(publicPem));
  expect(key.fingerprint).toBe(await calculateJwkThumbprint(publicJwkOf(publicPem) as never, "sha256"));
  expect(key.fingerprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
}

describe("parsePublicKey: EC keys made with openssl ecparam + openssl ec -pubout", () => {
  it.each(EC_CURVES)("$openssl → $curve, $alg", async ({ openssl: name, curve, alg }) => {
    const key = parsed(ec[name]);
    expect(key).toMatchObject({ keyType: "EC", curve, bits: null, algorithms: [alg] });
    expect(Object.keys(key.jwk).sort()).toEqual(["crv", "kty", "x", "y"]);
    expect(key.jwk).toMatchObject({ kty: "EC", crv: curve });
    await expectNormalised(key, ec[name]!);
  });

  it("reads the public key of an EC certificate (openssl req -x509)", () => {
    const fromCert = parsed(p256Cert);
    const fromSpki = parsed(ec.prime256v1);
    expect(fromCert).toEqual(fromSpki);
  });

  it("normalises a compressed point and explicit curve parameters to the same key", () => {
    const plain = parsed(ec.prime256v1);
    expect(p256Compressed).not.toBe(ec.prime256v1);
    expect(p256Explicit).not.toBe(ec.prime256v1);
    expect(parsed(p256Compressed)).toEqual(plain);
    expect(parsed(p256Explicit)).toEqual(plain);
  });
});

describe("parsePublicKey: RSA keys", () => {
  it("reads openssl genrsa 2048 + rsa -pubout (SPKI)", async () => {
    const key = parsed(rsaSpki);
    expect(key).toMatchObject({ keyType: "RSA", curve: null, bits: 2048, algorithms: [...RSA_ALGORITHMS] });
    expect(Object.keys(key.jwk).sort()).toEqual(["e", "kty", "n"]);
    await expectNormalised(key, rsaSpki);
  });

  it("gives the same key for SPKI, PKCS#1, certificate, JWK object and JWK text", () => {
    expect(rsaPkcs1).toContain("-----BEGIN RSA PUBLIC KEY-----");
    const jwk = publicJwkOf(rsaSpki);
    const forms = [rsaPkcs1, rsaCert, jwk, JSON.stringify(jwk), JSON.stringify(jwk, null, 2)];
    const reference = parsed(rsaSpki);
    for (const form of forms) expect(parsed(form)).toEqual(reference);
  });

  it("reads openssl genpkey RSA 3072 + rsa -pubout", async () => {
    const key = parsed(rsa3072);
    expect(key.bits).toBe(3072);
    await expectNormalised(key, rsa3072);
  });
});

describe("parsePublicKey: Ed25519 keys (openssl genpkey -algorithm ed25519 + pkey -pubout)", () => {
  it("reads the SPKI PEM", async () => {
    const key = parsed(ed25519);
    expect(key).toMatchObject({ keyType: "OKP", curve: "Ed25519", bits: null, algorithms: ["EdDSA"] });
    expect(Object.keys(key.jwk).sort()).toEqual(["crv", "kty", "x"]);
    await expectNormalised(key, ed25519);
  });

  it("reads the same key as a JWK", () => {
    expect(parsed(publicJwkOf(ed25519))).toEqual(parsed(ed25519));
  });
});

describe("parsePublicKey: JWKs exported by node:crypto", () => {
  const pairs = {
    "RSA 2048": () => generateKeyPairSync("rsa", { modulusLength: 2048 }),
    "EC P-256": () => generateKeyPairSync("ec", { namedCurve: "P-256" }),
    "EC P-384": () => generateKeyPairSync("ec", { namedCurve: "P-384" }),
    "EC P-521": () => generateKeyPairSync("ec", { namedCurve: "P-521" }),
    "EC secp256k1": () => generateKeyPairSync("ec", { namedCurve: "secp256k1" }),
    Ed25519: () => generateKeyPairSync("ed25519"),
  };

  it.each(Object.entries(pairs))("%s, as an object and as JSON text", async (_name, generate) => {
    const pem = generate().publicKey.export({ type: "spki", format: "pem" }).toString();
    const jwk = publicJwkOf(pem);
    const fromObject = parsed(jwk);
    expect(parsed(JSON.stringify(jwk))).toEqual(fromObject);
    expect(fromObject).toEqual(parsed(pem));
    expect(fromObject.jwk).toEqual(jwk);
    await expectNormalised(fromObject, pem);
  });

  it("keeps only the public members, dropping kid, alg, use and x5c", () => {
    const jwk = publicJwkOf(ec.secp256k1!);
    const key = parsed({ ...jwk, kid: "mine", alg: "ES256K", use: "sig", key_ops: ["verify"], x5c: ["AAAA"] });
    expect(key.jwk).toEqual({ kty: "EC", crv: "secp256k1", x: jwk.x, y: jwk.y });
    expect(key.fingerprint).toBe(parsed(ec.secp256k1).fingerprint);
  });
});

describe("parsePublicKey: pasted text", () => {
  it("accepts CRLF line ends and surrounding whitespace", () => {
    const reference = parsed(rsaSpki);
    expect(parsed(`\r\n  \t${rsaSpki.replace(/\n/g, "\r\n")}\r\n\r\n  `)).toEqual(reference);
    expect(parsed(`\n\n${rsaCert.replace(/\n/g, "\r\n")}   `)).toEqual(reference);
    expect(parsed(`  ${JSON.stringify(publicJwkOf(rsaSpki))}\r\n`)).toEqual(reference);
  });

  it("accepts a PEM body wrapped at any width", () => {
    const body = ed25519.replace(/-----[A-Z ]+-----/g, "").replace(/\s/g, "");
    const rewrapped = `-----BEGIN PUBLIC KEY-----\n${body.match(/.{1,20}/g)!.join("\n")}\n-----END PUBLIC KEY-----`;
    expect(parsed(rewrapped)).toEqual(parsed(ed25519));
  });

  it("accepts input of exactly 16 KiB", () => {
    const padded = ed25519.padEnd(MAX_PUBLIC_KEY_INPUT_BYTES, " ");
    expect(Buffer.byteLength(padded)).toBe(16384);
    expect(parsePublicKey(padded).ok).toBe(true);
  });
});
