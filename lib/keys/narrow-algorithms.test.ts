import { generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { RSA_ALGORITHMS } from "./algorithms";
import { narrowAlgorithms } from "./narrow-algorithms";
import { parsePublicKey } from "./parse-public-key";
import type { ParsedPublicKey } from "./types";

const keys: Record<string, ParsedPublicKey> = {};

function parse(pair: { publicKey: { export(options: { type: "spki"; format: "pem" }): string | Buffer } }) {
  const result = parsePublicKey(pair.publicKey.export({ type: "spki", format: "pem" }).toString());
  if (!result.ok) throw new Error(result.message);
  return result.key;
}

beforeAll(() => {
  keys.rsa = parse(generateKeyPairSync("rsa", { modulusLength: 2048 }));
  keys.p256 = parse(generateKeyPairSync("ec", { namedCurve: "P-256" }));
  keys.k1 = parse(generateKeyPairSync("ec", { namedCurve: "secp256k1" }));
  keys.ed = parse(generateKeyPairSync("ed25519"));
});

describe("narrowAlgorithms", () => {
  it("keeps every algorithm of the key when nothing is requested", () => {
    for (const requested of [undefined, null, []]) {
      expect(narrowAlgorithms(keys.rsa!, requested)).toEqual({ ok: true, algorithms: [...RSA_ALGORITHMS] });
      expect(narrowAlgorithms(keys.p256!, requested)).toEqual({ ok: true, algorithms: ["ES256"] });
      expect(narrowAlgorithms(keys.ed!, requested)).toEqual({ ok: true, algorithms: ["EdDSA"] });
    }
  });

  it("returns a copy, never the key's own array", () => {
    const result = narrowAlgorithms(keys.rsa!, undefined);
    expect(result.ok && result.algorithms).not.toBe(keys.rsa!.algorithms);
  });

  it("narrows to a subset, deduplicated and in canonical order", () => {
    expect(narrowAlgorithms(keys.rsa!, ["PS512", "RS256", "PS512", "PS256"])).toEqual({
      ok: true,
      algorithms: ["RS256", "PS256", "PS512"],
    });
    expect(narrowAlgorithms(keys.k1!, ["ES256K"])).toEqual({ ok: true, algorithms: ["ES256K"] });
  });

  it("names the algorithm a key cannot use", () => {
    expect(narrowAlgorithms(keys.rsa!, ["RS256", "ES256"])).toEqual({
      ok: false,
      message: expect.stringMatching(/^ES256 cannot be used with an RSA key/),
    });
    expect(narrowAlgorithms(keys.p256!, ["ES384"])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^ES384 cannot be used with a P-256 EC key; it can verify ES256\.$/),
    });
    expect(narrowAlgorithms(keys.k1!, ["ES256"])).toMatchObject({ message: expect.stringMatching(/secp256k1/) });
    expect(narrowAlgorithms(keys.ed!, ["RS256"])).toMatchObject({ message: expect.stringMatching(/an Ed25519 key/) });
  });

  it("refuses algorithms Signet does not support, quoting only short names", () => {
    expect(narrowAlgorithms(keys.rsa!, ["HS256"])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^HS256 is not an algorithm Signet supports/),
    });
    const odd = "<script>alert(1)</script>";
    const result = narrowAlgorithms(keys.rsa!, [odd]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).not.toContain(odd);
    expect(narrowAlgorithms(keys.rsa!, ["rs256"]).ok).toBe(false);
  });

  it("refuses entries that are not strings and a list that is not an array", () => {
    expect(narrowAlgorithms(keys.rsa!, [1] as unknown as string[]).ok).toBe(false);
    expect(narrowAlgorithms(keys.rsa!, "RS256" as unknown as string[]).ok).toBe(false);
  });
});
