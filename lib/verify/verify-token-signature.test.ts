import { sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Algorithm } from "@/lib/keys/algorithms";
import {
  KEY_FOR_ALG,
  b64url,
  handToken,
  signBytes,
  signatureOf,
  snapshotOf,
  toVerificationKey,
  withSignature,
  type KeyName,
  useAllKeysProject,
} from "./test-fixtures";
import type { ProjectSnapshot } from "./types";

const { fixture, verify, reasonOf, tokenFor } = useAllKeysProject();

describe("algorithm_mismatch: the key's own type decides", () => {
  const mismatches: Array<[Algorithm, KeyName, KeyName]> = [
    ["ES256", "p256", "rsa"],
    ["ES256", "k256", "k256"],
    ["RS256", "rsa", "p256"],
    ["PS256", "rsa", "ed25519"],
    ["EdDSA", "ed25519", "rsa"],
    ["ES384", "p384", "p256"],
    ["ES256K", "k256", "p256"],
    ["ES512", "p521", "p384"],
  ];
  for (const [alg, signer, kid] of mismatches) {
    it(`${alg} header on the ${kid} key`, () => {
      const token = handToken(alg, fixture.pairs[signer].privateKey, { alg, kid }, {});
      expect(verify(token)).toMatchObject({ valid: false, kid, error: { reason: "algorithm_mismatch" } });
    });
  }

  it("an ES256 header on secp256k1, signed with that very key, still mismatches", () => {
    const data = `${b64url({ alg: "ES256", kid: "k256" })}.${b64url({})}`;
    const sig = sign("sha256", Buffer.from(data), { key: fixture.pairs.k256.privateKey, dsaEncoding: "ieee-p1363" });
    expect(reasonOf(`${data}.${sig.toString("base64url")}`)).toBe("algorithm_mismatch");
  });

  it("a key narrowed by its owner verifies only its algorithms", () => {
    const narrowed = snapshotOf([toVerificationKey("rsa", fixture.pairs.rsa.publicKey, { algorithms: ["RS256"] })]);
    expect(verify(tokenFor("RS256"), narrowed).valid).toBe(true);
    expect(reasonOf(tokenFor("PS256"), narrowed)).toBe("algorithm_mismatch");
  });

  it("a key row claiming algorithms its material cannot verify is narrowed when its material is made", () => {
    // An EC key wrongly listed as RS256: node would happily verify a DER ECDSA signature under that label.
    const lying = { ...toVerificationKey("p256", fixture.pairs.p256.publicKey), algorithms: ["RS256", "ES256"] as Algorithm[] };
    const snapshot = snapshotOf([lying]);
    const data = `${b64url({ alg: "RS256", kid: "p256" })}.${b64url({ sub: "admin" })}`;
    const der = sign("sha256", Buffer.from(data), fixture.pairs.p256.privateKey);
    expect(reasonOf(`${data}.${der.toString("base64url")}`, snapshot)).toBe("algorithm_mismatch");
    expect(snapshot.keysByKid.get("p256")?.algorithms).toEqual(["ES256"]);

    // A key whose material was handed in already (never narrowed) is still guarded by its declared type.
    const handMadeKey = { ...lying, algorithms: ["RS256", "ES256"] as Algorithm[], material: fixture.pairs.p256.publicKey };
    const handMade: ProjectSnapshot = { ...snapshot, keysByKid: new Map([["p256", handMadeKey]]) };
    expect(reasonOf(`${data}.${der.toString("base64url")}`, handMade)).toBe("algorithm_mismatch");
    expect(handMadeKey.algorithms).toEqual(["RS256", "ES256"]);
  });
});

describe("signature forms", () => {
  const ecdsa: Array<[Algorithm, number, bigint]> = [
    ["ES256", 32, 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n],
    ["ES384", 48, 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n],
    [
      "ES512",
      66,
      0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    ],
    ["ES256K", 32, 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n],
  ];
  const toBytes = (value: bigint, size: number) => Buffer.from(value.toString(16).padStart(size * 2, "0"), "hex");
  const toBig = (bytes: Buffer) => BigInt(`0x${bytes.toString("hex")}`);

  for (const [alg, size, order] of ecdsa) {
    describe(alg, () => {
      it("r = s = 0, r = 0, s = 0, r = n and s = n all fail", () => {
        const token = tokenFor(alg);
        const sig = signatureOf(token);
        const r = sig.subarray(0, size);
        const s = sig.subarray(size);
        const n = toBytes(order, size);
        const zero = Buffer.alloc(size);
        for (const forged of [
          Buffer.concat([zero, zero]),
          Buffer.concat([zero, s]),
          Buffer.concat([r, zero]),
          Buffer.concat([n, s]),
          Buffer.concat([r, n]),
          Buffer.concat([toBytes(toBig(r) + order, size + 1).subarray(1), s]),
        ]) {
          expect(verify(withSignature(token, forged))).toMatchObject({ valid: false, error: { reason: "signature_invalid" } });
        }
      });

      it("the high-s twin (n - s) of a valid signature verifies, which proves the curve order constant", () => {
        const token = tokenFor(alg);
        const sig = signatureOf(token);
        const twin = Buffer.concat([sig.subarray(0, size), toBytes(order - toBig(sig.subarray(size)), size)]);
        expect(verify(withSignature(token, twin)).valid).toBe(true);
      });

      it("a DER-encoded signature fails", () => {
        const token = tokenFor(alg);
        const input = token.slice(0, token.lastIndexOf("."));
        const hash = alg === "ES384" ? "sha384" : alg === "ES512" ? "sha512" : "sha256";
        const der = sign(hash, Buffer.from(input), fixture.pairs[KEY_FOR_ALG[alg]].privateKey);
        expect(reasonOf(withSignature(token, der))).toBe("signature_invalid");
      });
    });
  }

  it("every algorithm: a signature truncated by one byte, grown by one byte, or empty fails", () => {
    for (const alg of Object.keys(KEY_FOR_ALG) as Algorithm[]) {
      const token = tokenFor(alg);
      const sig = signatureOf(token);
      expect(verify(token).valid).toBe(true);
      for (const forged of [sig.subarray(0, -1), Buffer.concat([sig, Buffer.from([0])]), Buffer.alloc(0)]) {
        expect([alg, reasonOf(withSignature(token, forged))]).toEqual([alg, "signature_invalid"]);
      }
    }
  });

  it("one flipped bit in the signature fails for every algorithm", () => {
    for (const alg of Object.keys(KEY_FOR_ALG) as Algorithm[]) {
      const token = tokenFor(alg);
      const sig = Buffer.from(signatureOf(token));
      sig[sig.length >> 1]! ^= 0x01;
      expect([alg, reasonOf(withSignature(token, sig))]).toEqual([alg, "signature_invalid"]);
    }
  });

  it("PSS must use a salt as long as the hash (RFC 7518 §3.5)", () => {
    const input = `${b64url({ alg: "PS256", kid: "rsa" })}.${b64url({})}`;
    const maxSalt = sign("sha256", Buffer.from(input), {
      key: fixture.pairs.rsa.privateKey,
      padding: 6, // RSA_PKCS1_PSS_PADDING
      saltLength: -2, // RSA_PSS_SALTLEN_MAX_SIGN
    });
    expect(reasonOf(`${input}.${maxSalt.toString("base64url")}`)).toBe("signature_invalid");
  });

  it("a PKCS#1 v1.5 signature under a PS256 label fails, and the reverse", () => {
    const psInput = `${b64url({ alg: "PS256", kid: "rsa" })}.${b64url({})}`;
    const pkcs1 = signBytes("RS256", fixture.pairs.rsa.privateKey, Buffer.from(psInput));
    expect(reasonOf(`${psInput}.${pkcs1.toString("base64url")}`)).toBe("signature_invalid");
    const rsInput = `${b64url({ alg: "RS256", kid: "rsa" })}.${b64url({})}`;
    const pss = signBytes("PS256", fixture.pairs.rsa.privateKey, Buffer.from(rsInput));
    expect(reasonOf(`${rsInput}.${pss.toString("base64url")}`)).toBe("signature_invalid");
  });
});
