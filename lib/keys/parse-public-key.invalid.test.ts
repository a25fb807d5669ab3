import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PUBLIC_KEY_INPUT_BYTES, parsePublicKey } from "./parse-public-key";
import { expectRefused } from "./testing/expect-refused";
import { createOpensslKit, publicJwkOf, type OpensslKit } from "./testing/openssl";

let kit: OpensslKit;
const pem: Record<string, string> = {};
const body = (text: string) => text.replace(/-----[A-Z ]+-----/g, "").replace(/\s/g, "");
const armour = (label: string, base64: string) =>
  `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)!.join("\n")}\n-----END ${label}-----\n`;

beforeAll(() => {
  kit = createOpensslKit();
  const o = kit.openssl;
  o("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "p256.pem");
  pem.p256 = o("ec", "-in", "p256.pem", "-pubout");
  pem.p256Cert = o("req", "-x509", "-new", "-key", "p256.pem", "-subj", "/CN=test", "-days", "1");
  pem.csr = o("req", "-new", "-key", "p256.pem", "-subj", "/CN=test");
  o("ecparam", "-name", "secp256k1", "-genkey", "-noout", "-out", "k1.pem");
  pem.k1 = o("ec", "-in", "k1.pem", "-pubout");
  o("genpkey", "-algorithm", "ed25519", "-out", "ed.pem");
  pem.ed25519 = o("pkey", "-in", "ed.pem", "-pubout");
  o("genrsa", "-out", "rsa.pem", "2048");
  pem.rsa = o("rsa", "-in", "rsa.pem", "-pubout");
  pem.rsaCert = o("req", "-x509", "-new", "-key", "rsa.pem", "-subj", "/CN=test", "-days", "1");
});

afterAll(() => kit?.cleanup());

describe("input that is not a key", () => {
  it.each([
    ["a number", 42],
    ["zero", 0],
    ["null", null],
    ["undefined", undefined],
    ["a boolean", true],
    ["a bigint", 10n],
    ["a symbol", Symbol("key")],
    ["a function", () => "key"],
    ["an empty array", []],
    ["a date", new Date()],
    ["a class instance", new (class Key {})()],
    ["an empty string", ""],
    ["whitespace", "  \r\n\t "],
    ["garbage text", "this is definitely not a key"],
    ["a JSON array", "[1, 2, 3]"],
    ["a JSON string", '"-----"'],
    ["broken JSON", '{"kty": "EC", "crv"'],
    ["an empty JSON object", "{}"],
    ["a JWK with a numeric kty", { kty: 1 }],
  ])("%s", (_name, input) => {
    expectRefused(input, "invalid_key");
  });

  it("refuses a PEM given as a Buffer or as an array of JWKs", () => {
    expectRefused(Buffer.from(pem.p256!), "invalid_key");
    expectRefused([publicJwkOf(pem.p256!)], "invalid_key");
  });

  it("refuses random bytes without throwing", () => {
    for (let i = 0; i < 200; i++) {
      const result = parsePublicKey(randomBytes(1 + (i % 97)).toString("latin1"));
      expect(result.ok).toBe(false);
    }
  });

  it("refuses an SSH public key and a CSR with a hint", () => {
    kit.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "id");
    expect(expectRefused(kit.read("id.pub"), "invalid_key")).toMatch(/ssh-keygen -e -m PKCS8/);
    expect(expectRefused(pem.csr, "invalid_key")).toMatch(/certificate signing request/);
  });
});

describe("input over 16 KiB", () => {
  it("refuses 16 KiB + 1 byte of text, counting UTF-8 bytes", () => {
    const padded = pem.ed25519!.padEnd(MAX_PUBLIC_KEY_INPUT_BYTES + 1, " ");
    expect(expectRefused(padded, "invalid_key")).toMatch(/16 KiB/);
    const multibyte = `${pem.ed25519}${"é".repeat((MAX_PUBLIC_KEY_INPUT_BYTES - pem.ed25519!.length) / 2 + 1)}`;
    expect(multibyte.length).toBeLessThan(MAX_PUBLIC_KEY_INPUT_BYTES);
    expect(expectRefused(multibyte, "invalid_key")).toMatch(/16 KiB/);
  });

  it("refuses a JWK object over 16 KiB", () => {
    const jwk = { ...publicJwkOf(pem.rsa!), x5c: ["A".repeat(MAX_PUBLIC_KEY_INPUT_BYTES)] };
    expect(expectRefused(jwk, "invalid_key")).toMatch(/16 KiB/);
  });
});

describe("malformed PEM", () => {
  it("refuses every truncation of a public key without throwing", () => {
    const text = pem.p256!;
    for (let end = 0; end < text.trimEnd().length; end++) {
      const result = parsePublicKey(text.slice(0, end));
      expect(result.ok ? "ok" : result.code, `prefix of ${end} chars`).toBe("invalid_key");
    }
  });

  it("refuses a body cut short or with extra data", () => {
    const der = Buffer.from(body(pem.rsa!), "base64");
    expectRefused(armour("PUBLIC KEY", der.subarray(0, 200).toString("base64")), "invalid_key");
    expectRefused(armour("PUBLIC KEY", Buffer.concat([der, Buffer.from([1, 2, 3])]).toString("base64")), "invalid_key");
  });

  it("refuses bad base64", () => {
    const b64 = body(pem.rsa!);
    expectRefused(armour("PUBLIC KEY", `${b64.slice(0, 40)}!${b64.slice(41)}`), "invalid_key");
    expectRefused(armour("PUBLIC KEY", b64.slice(0, -1)), "invalid_key");
  });

  it("refuses mismatched labels and a body under the wrong label", () => {
    expectRefused(pem.rsa!.replace("END PUBLIC KEY", "END RSA PUBLIC KEY"), "invalid_key");
    expectRefused(armour("RSA PUBLIC KEY", body(pem.rsa!)), "invalid_key");
    expectRefused(armour("CERTIFICATE", body(pem.rsa!)), "invalid_key");
    expectRefused(armour("X509 CRL", body(pem.rsa!)), "invalid_key");
  });

  it("refuses more than one key, including a certificate chain", () => {
    const message = expectRefused(`${pem.p256}${pem.rsa}`, "invalid_key");
    expect(message).toMatch(/more than one/);
    expectRefused(`${pem.p256Cert}\n${pem.rsaCert}`, "invalid_key");
    expectRefused(`${pem.p256}\n${pem.p256}`, "invalid_key");
  });

  it("refuses text around the block", () => {
    expect(expectRefused(`Public key:\n${pem.p256}`, "invalid_key")).toMatch(/nothing before or after/);
    expectRefused(`${pem.p256}trailing words`, "invalid_key");
  });
});

describe("malformed JWKs", () => {
  it("refuses missing or mistyped RSA members", () => {
    const { n, e } = publicJwkOf(pem.rsa!);
    for (const jwk of [
      { kty: "RSA", e },
      { kty: "RSA", n },
      { kty: "RSA", n: 12345, e },
      { kty: "RSA", n: n!.replace(/[-_]/g, "+"), e },
      { kty: "RSA", n: `${n}=`, e },
      { n, e },
    ]) {
      expectRefused(jwk, "invalid_key");
    }
  });

  it("refuses an RSA exponent that is even or below 3, and an even modulus", () => {
    const { n } = publicJwkOf(pem.rsa!);
    expectRefused({ kty: "RSA", n, e: "AQ" }, "invalid_key");
    expectRefused({ kty: "RSA", n, e: "AQAA" }, "invalid_key");
    const even = Buffer.from(n!, "base64url");
    even[even.length - 1]! &= 0xfe;
    expectRefused({ kty: "RSA", n: even.toString("base64url"), e: "AQAB" }, "invalid_key");
  });

  it.each(["p256", "k1"])("refuses an EC point that is not on the curve (%s)", (name) => {
    const jwk = publicJwkOf(pem[name]!);
    expect(expectRefused({ ...jwk, y: jwk.x }, "invalid_key")).toMatch(/not a point on its curve/);
    const y = Buffer.from(jwk.y!, "base64url");
    y[y.length - 1]! ^= 1;
    expectRefused({ ...jwk, y: y.toString("base64url") }, "invalid_key");
  });

  it("refuses missing or wrongly sized EC and OKP members", () => {
    const ec = publicJwkOf(pem.p256!);
    expectRefused({ ...ec, y: undefined }, "invalid_key");
    expectRefused({ ...ec, crv: undefined }, "invalid_key");
    expectRefused({ ...ec, x: ec.x!.slice(2) }, "invalid_key");
    expectRefused({ ...ec, x: `AAAA${ec.x}` }, "invalid_key");
    const okp = publicJwkOf(pem.ed25519!);
    expectRefused({ ...okp, x: okp.x!.slice(0, 20) }, "invalid_key");
    expectRefused({ kty: "OKP", x: okp.x }, "invalid_key");
  });

  it("refuses a public JWK Set, and objects JSON cannot describe, without throwing", () => {
    expect(expectRefused({ keys: [publicJwkOf(pem.p256!)] }, "invalid_key")).toMatch(/JWK Set/);
    const circular: Record<string, unknown> = { kty: "EC" };
    circular.self = circular;
    expectRefused(circular, "invalid_key");
    const hostile = Object.defineProperty({ kty: "RSA" }, "n", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(parsePublicKey(hostile)).toMatchObject({ ok: false, code: "invalid_key" });
  });
});
