import { createPublicKey } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  generateAllKeyPairs,
  generateKeyPair,
  handToken,
  snapshotOf,
  spkiPemOf,
  toVerificationKey,
  type KeyName,
  type KeyPair,
  type LooseVerdict,
} from "./test-fixtures";
import type { ProjectSnapshot } from "./types";
import { verifyToken } from "./verify-token";

// thirdweb-style tokens: no kid, the signer's public key PEM in `iss`.
const NOW = 1_750_000_000;
let pairs: Record<KeyName, KeyPair>;
let revokedPair: KeyPair;
let strangerPair: KeyPair;
let project: ProjectSnapshot;

beforeAll(() => {
  pairs = generateAllKeyPairs();
  revokedPair = generateKeyPair("p256");
  strangerPair = generateKeyPair("p256");
  project = snapshotOf([
    toVerificationKey("kid-p256", pairs.p256.publicKey),
    toVerificationKey("kid-ed", pairs.ed25519.publicKey),
    toVerificationKey("kid-rsa", pairs.rsa.publicKey),
    toVerificationKey("kid-revoked", revokedPair.publicKey, { revoked: true }),
  ]);
});

function verify(token: string, snapshot = project): LooseVerdict {
  return verifyToken("proj_1", snapshot, { token }, NOW);
}

function crlfRewrapped(pem: string, width: number): string {
  const body = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const lines = body.match(new RegExp(`.{1,${width}}`, "g")) ?? [];
  return ["-----BEGIN PUBLIC KEY-----", ...lines, "-----END PUBLIC KEY-----", ""].join("\r\n");
}

describe("no kid, PEM iss", () => {
  it("matches an active key and verifies with it", () => {
    const payload = { iss: spkiPemOf(pairs.p256.publicKey), sub: "0xabc", exp: NOW + 60 };
    const token = handToken("ES256", pairs.p256.privateKey, { alg: "ES256", typ: "JWT" }, payload);
    expect(verify(token)).toEqual({
      valid: true,
      enforced: true,
      projectId: "proj_1",
      kid: "kid-p256",
      alg: "ES256",
      claims: payload,
    });
  });

  it("matches whatever the line wrapping, CRLF or surrounding whitespace", () => {
    const pem = spkiPemOf(pairs.rsa.publicKey);
    for (const iss of [crlfRewrapped(pem, 76), crlfRewrapped(pem, 4096), `\n  ${pem}  \n`, pem.trim()]) {
      const token = handToken("PS384", pairs.rsa.privateKey, { alg: "PS384" }, { iss });
      expect(verify(token)).toMatchObject({ valid: true, kid: "kid-rsa" });
    }
  });

  it("an empty kid counts as no kid", () => {
    const iss = spkiPemOf(pairs.ed25519.publicKey);
    const token = handToken("EdDSA", pairs.ed25519.privateKey, { alg: "EdDSA", kid: "" }, { iss });
    expect(verify(token)).toMatchObject({ valid: true, kid: "kid-ed" });
  });

  it("a revoked match is revoked_key, with its kid", () => {
    const token = handToken("ES256", revokedPair.privateKey, { alg: "ES256" }, { iss: spkiPemOf(revokedPair.publicKey) });
    expect(verify(token)).toMatchObject({ valid: false, kid: "kid-revoked", error: { reason: "revoked_key" } });
  });

  it("no matching key is unknown_key", () => {
    const token = handToken("ES256", strangerPair.privateKey, { alg: "ES256" }, { iss: spkiPemOf(strangerPair.publicKey) });
    expect(verify(token)).toEqual({
      valid: false,
      enforced: true,
      projectId: "proj_1",
      error: { code: -32013, reason: "unknown_key", message: "invalid JWT token (empty configuration)" },
    });
  });

  it("a PEM iss that does not parse is unknown_key", () => {
    const iss = "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----";
    expect(verify(handToken("ES256", pairs.p256.privateKey, { alg: "ES256" }, { iss })).error?.reason).toBe("unknown_key");
  });

  it("the iss names the key, but the signature must still come from it", () => {
    const token = handToken("ES256", strangerPair.privateKey, { alg: "ES256" }, { iss: spkiPemOf(pairs.p256.publicKey) });
    expect(verify(token)).toMatchObject({ valid: false, kid: "kid-p256", error: { reason: "signature_invalid" } });
  });

  it("the matched key's algorithms still apply", () => {
    const token = handToken("ES384", pairs.p384.privateKey, { alg: "ES384" }, { iss: spkiPemOf(pairs.p256.publicKey) });
    expect(verify(token).error?.reason).toBe("algorithm_mismatch");
  });

  it("a revoked key added again: the active copy verifies", () => {
    const reAdded = snapshotOf([
      toVerificationKey("old", pairs.p256.publicKey, { revoked: true }),
      toVerificationKey("new", pairs.p256.publicKey),
    ]);
    const token = handToken("ES256", pairs.p256.privateKey, { alg: "ES256" }, { iss: spkiPemOf(pairs.p256.publicKey) });
    expect(verify(token, reAdded)).toMatchObject({ valid: true, kid: "new" });
  });

  it("a key added from a compressed EC point (stored canonical, as the key parser writes it) matches an uncompressed PEM iss", () => {
    const jwk = pairs.p256.publicKey.export({ format: "jwk" });
    const der = createPublicKey({ key: jwk, format: "jwk" }).export({ type: "spki", format: "der" });
    const compressedDer = Buffer.concat([
      Buffer.from([0x30, 0x39]),
      der.subarray(2, der.length - 68),
      Buffer.from([0x03, 0x22, 0x00, (der[der.length - 1]! & 1) === 1 ? 3 : 2]),
      der.subarray(der.length - 64, der.length - 32),
    ]);
    const compressedKey = createPublicKey({ key: compressedDer, format: "der", type: "spki" });
    expect(compressedKey.export({ type: "spki", format: "der" }).length).toBe(59);
    const snapshot = snapshotOf([toVerificationKey("c", compressedKey)]);
    const token = handToken("ES256", pairs.p256.privateKey, { alg: "ES256" }, { iss: spkiPemOf(pairs.p256.publicKey) });
    expect(verify(token, snapshot)).toMatchObject({ valid: true, kid: "c" });
  });
});

describe("what is not the issuer path", () => {
  it("a kid wins over a PEM iss", () => {
    const iss = spkiPemOf(revokedPair.publicKey);
    const token = handToken("ES256", pairs.p256.privateKey, { alg: "ES256", kid: "kid-p256" }, { iss });
    expect(verify(token)).toMatchObject({ valid: true, kid: "kid-p256" });
  });

  it("an iss that is not a PEM public key, or is not a string, is empty_key_id", () => {
    const rsaPkcs1 = pairs.rsa.publicKey.export({ type: "pkcs1", format: "pem" }).toString();
    const pem = spkiPemOf(pairs.p256.publicKey);
    for (const iss of ["https://issuer.example.com", rsaPkcs1, "", 42, null, [pem], { pem }]) {
      const token = handToken("ES256", pairs.p256.privateKey, { alg: "ES256" }, { iss });
      expect(verify(token).error?.reason).toBe("empty_key_id");
    }
    expect(verify(handToken("ES256", pairs.p256.privateKey, { alg: "ES256" }, {})).error?.reason).toBe("empty_key_id");
  });

  it("a private key PEM in iss never matches", () => {
    const privatePem = pairs.p256.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const iss = `${spkiPemOf(strangerPair.publicKey)}${privatePem}`;
    const token = handToken("ES256", pairs.p256.privateKey, { alg: "ES256" }, { iss });
    expect(verify(token).error?.reason).toBe("unknown_key");
  });
});
