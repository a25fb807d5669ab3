import { generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { buildProjectSnapshot } from "./project-snapshot";
import { spkiKeyFromIssuer, spkiKeyFromPem } from "./spki";
import { generateAllKeyPairs, spkiPemOf, toVerificationKey, type KeyName, type KeyPair } from "./test-fixtures";
import { DEFAULT_POLICY } from "./types";

let pairs: Record<KeyName, KeyPair>;
beforeAll(() => {
  pairs = generateAllKeyPairs();
});

const derBase64 = (pair: KeyPair) => pair.publicKey.export({ type: "spki", format: "der" }).toString("base64");

function rewrap(pem: string, width: number, eol: string): string {
  const body = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const lines = body.match(new RegExp(`.{1,${width}}`, "g")) ?? [];
  return ["-----BEGIN PUBLIC KEY-----", ...lines, "-----END PUBLIC KEY-----", ""].join(eol);
}

describe("spkiKeyFromPem", () => {
  it("gives the base64 of the SPKI DER for every key type", () => {
    for (const pair of Object.values(pairs)) {
      expect(spkiKeyFromPem(spkiPemOf(pair.publicKey))).toBe(derBase64(pair));
    }
  });

  it("ignores line wrapping, CRLF and surrounding whitespace", () => {
    const pem = spkiPemOf(pairs.rsa.publicKey);
    const expected = derBase64(pairs.rsa);
    expect(spkiKeyFromPem(rewrap(pem, 76, "\r\n"))).toBe(expected);
    expect(spkiKeyFromPem(rewrap(pem, 10_000, "\n"))).toBe(expected);
    expect(spkiKeyFromPem(`  \n\t${rewrap(pem, 48, "\r\n")}\r\n\r\n `)).toBe(expected);
  });

  it("normalises a compressed EC point to the same map key", () => {
    const compressed = pairs.p256.publicKey.export({ type: "spki", format: "der" });
    const point = compressed.subarray(compressed.length - 65);
    const prefix = compressed.subarray(0, compressed.length - 65);
    // Rebuild the SPKI with the 33-byte compressed form of the point (BIT STRING length shrinks by 32).
    const x = point.subarray(1, 33);
    const yOdd = (point[64]! & 1) === 1;
    const header = Buffer.from(prefix);
    header[1] = header[1]! - 32;
    header[header.length - 2] = header[header.length - 2]! - 32;
    const der = Buffer.concat([header, Buffer.from([yOdd ? 3 : 2]), x]);
    const pem = `-----BEGIN PUBLIC KEY-----\n${der.toString("base64")}\n-----END PUBLIC KEY-----`;
    expect(spkiKeyFromPem(pem)).toBe(derBase64(pairs.p256));
  });

  it("refuses anything that is not one PEM PUBLIC KEY block", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = spkiPemOf(pairs.p256.publicKey);
    const body = pem.replace(/-----[^-]+-----/g, "").trim();
    for (const input of [
      "",
      "not a key",
      rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      rsa.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      rsa.publicKey.export({ type: "pkcs1", format: "pem" }).toString(),
      `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
      `${pem}${pem}`,
      pem.replace(body.slice(0, 8), "!!!!!!!!"),
      `-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----`,
      `-----BEGIN PUBLIC KEY----------END PUBLIC KEY-----`,
      `prefix ${pem}`,
      `${pem.slice(0, -30)}\n-----END PUBLIC KEY-----`,
      `${pem}${"\n".repeat(20_000)}`,
    ]) {
      expect(spkiKeyFromPem(input)).toBeNull();
    }
    for (const input of [null, undefined, 42, {}, ["pem"]]) {
      expect(spkiKeyFromPem(input as unknown as string)).toBeNull();
    }
  });

  it("the issuer memo answers like spkiKeyFromPem, also past its bound", () => {
    const pem = spkiPemOf(pairs.ed25519.publicKey);
    for (let i = 0; i < 1200; i++) {
      expect(spkiKeyFromIssuer(`-----BEGIN PUBLIC KEY-----\n${i}\n-----END PUBLIC KEY-----`)).toBeNull();
      if (i % 300 === 0) expect(spkiKeyFromIssuer(pem)).toBe(derBase64(pairs.ed25519));
    }
    expect(spkiKeyFromIssuer(pem)).toBe(derBase64(pairs.ed25519));
  });
});

describe("buildProjectSnapshot", () => {
  it("maps every key by kid and by SPKI, revoked ones included", () => {
    const keys = (Object.keys(pairs) as KeyName[]).map((name, i) =>
      toVerificationKey(name, pairs[name].publicKey, { revoked: i % 2 === 0 }),
    );
    const snapshot = buildProjectSnapshot({ projectId: "p", policy: DEFAULT_POLICY, keys });
    expect(snapshot.projectId).toBe("p");
    expect(snapshot.policy).toBe(DEFAULT_POLICY);
    expect(snapshot.keysByKid.size).toBe(keys.length);
    expect(snapshot.keysBySpki.size).toBe(keys.length);
    for (const key of keys) {
      expect(snapshot.keysByKid.get(key.kid)).toBe(key);
      expect(snapshot.keysBySpki.get(derBase64(pairs[key.kid as KeyName]))).toBe(key);
    }
  });

  it("a key revoked then added again: the active copy owns the SPKI slot, in either order", () => {
    const revoked = toVerificationKey("old", pairs.p256.publicKey, { revoked: true });
    const active = toVerificationKey("new", pairs.p256.publicKey);
    for (const keys of [[revoked, active], [active, revoked]]) {
      const snapshot = buildProjectSnapshot({ projectId: "p", policy: DEFAULT_POLICY, keys });
      expect(snapshot.keysBySpki.get(derBase64(pairs.p256))).toBe(active);
      expect(snapshot.keysByKid.size).toBe(2);
    }
  });
});
