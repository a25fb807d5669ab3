import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { Algorithm } from "@/lib/keys/algorithms";
import {
  KEY_FOR_ALG,
  b64url,
  generateAllKeyPairs,
  handToken,
  signBytes,
  signatureOf,
  snapshotOf,
  spkiPemOf,
  toVerificationKey,
  withSignature,
  type KeyName,
  type KeyPair,
  type LooseVerdict,
} from "./test-fixtures";
import type { ProjectSnapshot, VerifyInput } from "./types";
import { verifyToken } from "./verify-token";

const NOW = 1_750_000_000;
let pairs: Record<KeyName, KeyPair>;
let project: ProjectSnapshot;

beforeAll(() => {
  pairs = generateAllKeyPairs();
  const names = Object.keys(pairs) as KeyName[];
  project = snapshotOf(names.map((name) => toVerificationKey(name, pairs[name].publicKey)));
});

function verify(token: unknown, snapshot = project): LooseVerdict {
  return verifyToken("proj_1", snapshot, { token } as VerifyInput, NOW);
}
const reasonOf = (token: unknown, snapshot = project) => verify(token, snapshot).error?.reason;

function tokenFor(alg: Algorithm, payload: object = { sub: "u" }, header: object = {}): string {
  const kid = KEY_FOR_ALG[alg];
  return handToken(alg, pairs[kid].privateKey, { alg, kid, ...header }, payload);
}

describe("algorithms refused before any key is touched", () => {
  it("alg none, with and without a signature part, any casing", () => {
    for (const alg of ["none", "None", "NONE"]) {
      const unsigned = `${b64url({ alg, kid: "p256" })}.${b64url({ sub: "admin" })}`;
      expect(reasonOf(`${unsigned}.`)).toBe("unsupported_algorithm");
      expect(reasonOf(`${unsigned}.${b64url("sig")}`)).toBe("unsupported_algorithm");
    }
  });

  it("HS256 signed with the RSA public key PEM as the HMAC secret (key confusion)", async () => {
    const pem = spkiPemOf(pairs.rsa.publicKey);
    const joseSigned = await new SignJWT({ sub: "admin" })
      .setProtectedHeader({ alg: "HS256", kid: "rsa" })
      .sign(new TextEncoder().encode(pem));
    expect(reasonOf(joseSigned)).toBe("unsupported_algorithm");
    for (const alg of ["HS256", "HS384", "HS512"]) {
      const input = `${b64url({ alg, kid: "rsa" })}.${b64url({ sub: "admin" })}`;
      const mac = createHmac(`sha${alg.slice(2)}`, pem).update(input).digest("base64url");
      expect(reasonOf(`${input}.${mac}`)).toBe("unsupported_algorithm");
    }
  });

  it("algorithm names are case-sensitive and unknown ones are refused", () => {
    const real = tokenFor("ES256");
    for (const alg of ["es256", "Es256", "ES256 ", "RS1", "ES256k", "Ed25519", "EDDSA", "", "RSA-OAEP"]) {
      expect(reasonOf(real.replace(/^[^.]+/, b64url({ alg, kid: "p256" })))).toBe("unsupported_algorithm");
    }
  });

  it("policy.allowedAlgorithms narrows the project", () => {
    const keys = [toVerificationKey("p256", pairs.p256.publicKey), toVerificationKey("rsa", pairs.rsa.publicKey)];
    const onlyRs = snapshotOf(keys, { allowedAlgorithms: ["RS256"] });
    expect(reasonOf(tokenFor("ES256"), onlyRs)).toBe("unsupported_algorithm");
    expect(reasonOf(tokenFor("PS256"), onlyRs)).toBe("unsupported_algorithm");
    expect(verify(tokenFor("RS256"), onlyRs).valid).toBe(true);
    expect(reasonOf(tokenFor("RS256"), snapshotOf(keys, { allowedAlgorithms: [] }))).toBe("unsupported_algorithm");
    // Checked before the kid: an unknown kid with a refused alg is still unsupported_algorithm.
    expect(reasonOf(tokenFor("ES256", {}, { kid: "nope" }), onlyRs)).toBe("unsupported_algorithm");
  });
});

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
      const token = handToken(alg, pairs[signer].privateKey, { alg, kid }, {});
      expect(verify(token)).toMatchObject({ valid: false, kid, error: { reason: "algorithm_mismatch" } });
    });
  }

  it("an ES256 header on secp256k1, signed with that very key, still mismatches", () => {
    const data = `${b64url({ alg: "ES256", kid: "k256" })}.${b64url({})}`;
    const sig = sign("sha256", Buffer.from(data), { key: pairs.k256.privateKey, dsaEncoding: "ieee-p1363" });
    expect(reasonOf(`${data}.${sig.toString("base64url")}`)).toBe("algorithm_mismatch");
  });

  it("a key narrowed by its owner verifies only its algorithms", () => {
    const narrowed = snapshotOf([toVerificationKey("rsa", pairs.rsa.publicKey, { algorithms: ["RS256"] })]);
    expect(verify(tokenFor("RS256"), narrowed).valid).toBe(true);
    expect(reasonOf(tokenFor("PS256"), narrowed)).toBe("algorithm_mismatch");
  });

  it("a key row claiming algorithms its material cannot verify is narrowed by the snapshot", () => {
    // An EC key wrongly listed as RS256: node would happily verify a DER ECDSA signature under that label.
    const lying = { ...toVerificationKey("p256", pairs.p256.publicKey), algorithms: ["RS256", "ES256"] as Algorithm[] };
    const snapshot = snapshotOf([lying]);
    expect(snapshot.keysByKid.get("p256")?.algorithms).toEqual(["ES256"]);
    const data = `${b64url({ alg: "RS256", kid: "p256" })}.${b64url({ sub: "admin" })}`;
    const der = sign("sha256", Buffer.from(data), pairs.p256.privateKey);
    expect(reasonOf(`${data}.${der.toString("base64url")}`, snapshot)).toBe("algorithm_mismatch");

    // A snapshot assembled by hand is still guarded by the declared key type.
    const handMade: ProjectSnapshot = { ...snapshot, keysByKid: new Map([["p256", lying]]) };
    expect(reasonOf(`${data}.${der.toString("base64url")}`, handMade)).toBe("algorithm_mismatch");
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
        const der = sign(alg === "ES384" ? "sha384" : alg === "ES512" ? "sha512" : "sha256", Buffer.from(input), pairs[KEY_FOR_ALG[alg]].privateKey);
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
      key: pairs.rsa.privateKey,
      padding: 6, // RSA_PKCS1_PSS_PADDING
      saltLength: -2, // RSA_PSS_SALTLEN_MAX_SIGN
    });
    expect(reasonOf(`${input}.${maxSalt.toString("base64url")}`)).toBe("signature_invalid");
  });

  it("a PKCS#1 v1.5 signature under a PS256 label fails, and the reverse", () => {
    const psInput = `${b64url({ alg: "PS256", kid: "rsa" })}.${b64url({})}`;
    expect(reasonOf(`${psInput}.${signBytes("RS256", pairs.rsa.privateKey, Buffer.from(psInput)).toString("base64url")}`)).toBe("signature_invalid");
    const rsInput = `${b64url({ alg: "RS256", kid: "rsa" })}.${b64url({})}`;
    expect(reasonOf(`${rsInput}.${signBytes("PS256", pairs.rsa.privateKey, Buffer.from(rsInput)).toString("base64url")}`)).toBe("signature_invalid");
  });
});

describe("header hostility", () => {
  it("crit of any kind is malformed, b64 of any value is malformed", () => {
    for (const extra of [
      { crit: ["exp"] },
      { crit: ["b64"], b64: false },
      { crit: [] },
      { crit: "b64" },
      { crit: null },
      { b64: false },
      { b64: true },
    ]) {
      expect(reasonOf(tokenFor("ES256", {}, extra))).toBe("malformed_token");
    }
  });

  it("jku, x5u, x5c and jwk headers are ignored: the registered key verifies", () => {
    const token = tokenFor("ES256", { sub: "u" }, {
      jku: "https://evil.example/jwks.json",
      x5u: "https://evil.example/cert.pem",
      x5c: ["MIIBdeadbeef"],
      jwk: pairs.p256.publicKey.export({ format: "jwk" }),
    });
    expect(verify(token)).toMatchObject({ valid: true, kid: "p256", claims: { sub: "u" } });
  });

  it("a jwk header carrying the attacker's own key is never used", () => {
    const attacker = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = attacker.publicKey.export({ format: "jwk" });
    const withKid = handToken("ES256", attacker.privateKey, { alg: "ES256", kid: "p256", jwk }, { sub: "admin" });
    expect(verify(withKid)).toMatchObject({ valid: false, kid: "p256", error: { reason: "signature_invalid" } });
    const withoutKid = handToken("ES256", attacker.privateKey, { alg: "ES256", jwk }, { sub: "admin" });
    expect(reasonOf(withoutKid)).toBe("empty_key_id");
  });

  it("a kid that is not a string is malformed", () => {
    for (const kid of [42, { $ne: null }, ["p256"], null, true]) {
      expect(reasonOf(tokenFor("ES256", {}, { kid }))).toBe("malformed_token");
    }
  });

  it("odd string kids are looked up, never echoed", () => {
    for (const kid of ["../../etc/passwd", "ключ🔑", "__proto__", "constructor", "p256 ", "P256", "x".repeat(5000), "\u0000"]) {
      const verdict = verify(tokenFor("ES256", {}, { kid }));
      expect(verdict).toEqual({
        valid: false,
        enforced: true,
        projectId: "proj_1",
        error: { code: -32013, reason: "unknown_key", message: "invalid JWT token (empty configuration)" },
      });
    }
    expect(reasonOf(tokenFor("ES256", {}, { kid: "x".repeat(10 * 1024) }))).toBe("malformed_token");
  });

  it("alg absent or not a string is malformed", () => {
    expect(reasonOf(`${b64url({ kid: "p256" })}.${b64url({})}.`)).toBe("malformed_token");
    for (const alg of [null, 256, ["ES256"], { name: "ES256" }]) {
      expect(reasonOf(`${b64url({ alg, kid: "p256" })}.${b64url({})}.`)).toBe("malformed_token");
    }
  });
});

describe("structure", () => {
  it("a token of exactly 8 KiB is accepted; 8 KiB + 1 is malformed", () => {
    const sizeFor = (fill: number) => tokenFor("ES256", { pad: "a".repeat(fill) }).length;
    let fill = 8192 - sizeFor(0);
    fill = Math.floor(fill * 0.75);
    while (sizeFor(fill) < 8192) fill++;
    while (sizeFor(fill) > 8192) fill--;
    let token = tokenFor("ES256", { pad: "a".repeat(fill) });
    // Base64 granularity may leave it short: top it up with header padding of the right size.
    for (let extra = 0; token.length !== 8192 && extra < 8; extra++) {
      token = tokenFor("ES256", { pad: "a".repeat(fill) }, { x: "b".repeat(extra) });
    }
    expect(token.length).toBe(8192);
    expect(verify(token).valid).toBe(true);
    expect(reasonOf(`${token}A`)).toBe("malformed_token");
    expect(reasonOf("a".repeat(100_000))).toBe("malformed_token");
  });

  it("anything but exactly three parts is malformed", () => {
    const token = tokenFor("ES256");
    const [h, p, s] = token.split(".");
    for (const bad of [`${h}.${p}`, `${token}.`, `${token}.${s}`, `.${token}`, `${h}..${p}.${s}`, "..", "...", ".", h!, `${h}.${p}.${s}.${s}`]) {
      expect(reasonOf(bad)).toBe("malformed_token");
    }
  });

  it("padding and characters outside base64url are malformed", () => {
    const token = tokenFor("ES256");
    const [h, p, s] = token.split(".") as [string, string, string];
    for (const bad of [
      `${h}=.${p}.${s}`,
      `${h}.${p}==.${s}`,
      `${h}.${p}.${s}=`,
      `${h}.${p}.${s.slice(0, 10)}+${s.slice(11)}`,
      `${h}.${p}.${s.slice(0, 10)}/${s.slice(11)}`,
      `${h} .${p}.${s}`,
      `${h}.${p}.${s}\n`,
      `${h}.${p}\t.${s}`,
      `${h}.${p}.${s.slice(0, -1)}é`,
      `${h}.${p}.${s.slice(0, -1)}\u{1F511}`,
      `Bearer ${token}`,
    ]) {
      expect(reasonOf(bad)).toBe("malformed_token");
    }
  });

  it("a part of length 1 mod 4, or with non-zero trailing bits, is malformed", () => {
    const token = tokenFor("ES256");
    const [h, p] = token.split(".") as [string, string, string];
    expect(reasonOf(`${h}.${p}.A`)).toBe("malformed_token");
    expect(reasonOf(`${h}.${p}.AAAAA`)).toBe("malformed_token");
    // {"alg":"ES256","kid":"p256"} encodes to a length of 2 mod 4: its last char carries 4 unused bits.
    const header = b64url({ alg: "ES256", kid: "p256" });
    expect(header.length % 4).toBe(2);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(header.at(-1)!);
    const sibling = header.slice(0, -1) + alphabet[last | 1];
    expect(Buffer.from(sibling, "base64url")).toEqual(Buffer.from(header, "base64url"));
    const signed = handToken("ES256", pairs.p256.privateKey, { alg: "ES256", kid: "p256" }, {});
    expect(verify(signed).valid).toBe(true);
    expect(reasonOf(signed.replace(header, sibling))).toBe("malformed_token");
  });

  it("header and payload must decode to JSON objects", () => {
    const sig = signatureOf(tokenFor("ES256")).toString("base64url");
    const goodHeader = b64url({ alg: "ES256", kid: "p256" });
    for (const bad of ["[]", '"ES256"', "null", "42", "true", "{", "", "{'alg':'ES256'}", "\uFEFF{}", "{} {}"]) {
      expect(reasonOf(`${b64url(bad)}.${b64url({})}.${sig}`)).toBe("malformed_token");
      expect(reasonOf(`${goodHeader}.${b64url(bad)}.${sig}`)).toBe("malformed_token");
    }
    const invalidUtf8 = Buffer.concat([Buffer.from('{"alg":"ES256","kid":"p256","x":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(reasonOf(`${b64url(invalidUtf8)}.${b64url({})}.${sig}`)).toBe("malformed_token");
  });

  it("exp, nbf and iat must be finite numbers when present", () => {
    for (const name of ["exp", "nbf", "iat"]) {
      for (const value of [String(NOW + 60), null, true, [NOW], { t: NOW }]) {
        expect(reasonOf(tokenFor("ES256", { [name]: value }))).toBe("malformed_token");
      }
      expect(reasonOf(handToken("ES256", pairs.p256.privateKey, { alg: "ES256", kid: "p256" }, `{"${name}":1e400}`))).toBe(
        "malformed_token",
      );
    }
  });

  it("a token that is not a string is malformed, never a crash", () => {
    for (const token of [42, {}, ["a.b.c"], true, Buffer.from("a.b.c"), Symbol("t")]) {
      expect(reasonOf(token)).toBe("malformed_token");
    }
  });

  it("deeply nested JSON is refused or parsed, never thrown", () => {
    const deep = `${"[".repeat(3000)}${"]".repeat(3000)}`;
    expect(reasonOf(`${b64url(deep)}.${b64url({})}.`)).toBe("malformed_token");
    const deepObject = `{"alg":"ES256","kid":"p256","x":${"[".repeat(2500)}${"]".repeat(2500)}}`;
    expect(reasonOf(handToken("ES256", pairs.p256.privateKey, deepObject, {}))).toBe(undefined);
  });
});
