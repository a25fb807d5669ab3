import { createHmac, generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  b64url,
  handToken,
  signatureOf,
  snapshotOf,
  spkiPemOf,
  toVerificationKey,
  TEST_NOW,
  useAllKeysProject,
} from "./test-fixtures";

const { fixture, verify, reasonOf, tokenFor } = useAllKeysProject();

describe("algorithms refused before any key is touched", () => {
  it("alg none, with and without a signature part, any casing", () => {
    for (const alg of ["none", "None", "NONE"]) {
      const unsigned = `${b64url({ alg, kid: "p256" })}.${b64url({ sub: "admin" })}`;
      expect(reasonOf(`${unsigned}.`)).toBe("unsupported_algorithm");
      expect(reasonOf(`${unsigned}.${b64url("sig")}`)).toBe("unsupported_algorithm");
    }
  });

  it("HS256 signed with the RSA public key PEM as the HMAC secret (key confusion)", async () => {
    const pem = spkiPemOf(fixture.pairs.rsa.publicKey);
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
    const keys = [toVerificationKey("p256", fixture.pairs.p256.publicKey), toVerificationKey("rsa", fixture.pairs.rsa.publicKey)];
    const onlyRs = snapshotOf(keys, { allowedAlgorithms: ["RS256"] });
    expect(reasonOf(tokenFor("ES256"), onlyRs)).toBe("unsupported_algorithm");
    expect(reasonOf(tokenFor("PS256"), onlyRs)).toBe("unsupported_algorithm");
    expect(verify(tokenFor("RS256"), onlyRs).valid).toBe(true);
    expect(reasonOf(tokenFor("RS256"), snapshotOf(keys, { allowedAlgorithms: [] }))).toBe("unsupported_algorithm");
    // Checked before the kid: an unknown kid with a refused alg is still unsupported_algorithm.
    expect(reasonOf(tokenFor("ES256", {}, { kid: "nope" }), onlyRs)).toBe("unsupported_algorithm");
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
      jwk: fixture.pairs.p256.publicKey.export({ format: "jwk" }),
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
    const parts = [`${h}.${p}`, `${token}.`, `${token}.${s}`, `.${token}`, `${h}..${p}.${s}`, `${h}.${p}.${s}.${s}`];
    for (const bad of [...parts, "..", "...", ".", h!]) {
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
    const signed = handToken("ES256", fixture.pairs.p256.privateKey, { alg: "ES256", kid: "p256" }, {});
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
    const invalidUtf8 = Buffer.concat([
      Buffer.from('{"alg":"ES256","kid":"p256","x":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    expect(reasonOf(`${b64url(invalidUtf8)}.${b64url({})}.${sig}`)).toBe("malformed_token");
  });

  it("exp, nbf and iat must be finite numbers when present", () => {
    for (const name of ["exp", "nbf", "iat"]) {
      for (const value of [String(TEST_NOW + 60), null, true, [TEST_NOW], { t: TEST_NOW }]) {
        expect(reasonOf(tokenFor("ES256", { [name]: value }))).toBe("malformed_token");
      }
      expect(reasonOf(handToken("ES256", fixture.pairs.p256.privateKey, { alg: "ES256", kid: "p256" }, `{"${name}":1e400}`))).toBe(
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
    expect(reasonOf(handToken("ES256", fixture.pairs.p256.privateKey, deepObject, {}))).toBe(undefined);
  });
});
