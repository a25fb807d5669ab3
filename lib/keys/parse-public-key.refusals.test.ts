import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PUBLIC_KEY_INPUT_BYTES } from "./parse-public-key";
import { expectRefused } from "./testing/expect-refused";
import { createOpensslKit, hasCommand, privateJwkOf, publicJwkOf, type OpensslKit } from "./testing/openssl";

let kit: OpensslKit;
const pem: Record<string, string> = {};

beforeAll(() => {
  kit = createOpensslKit();
  const o = kit.openssl;
  o("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "k.pem");
  pem.ecPrivate = kit.read("k.pem");
  pem.ecPublic = o("ec", "-in", "k.pem", "-pubout");
  pem.pkcs8 = o("pkcs8", "-topk8", "-nocrypt", "-in", "k.pem");
  pem.encrypted = o("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:x", "-in", "k.pem");
  o("genrsa", "-out", "rsa.pem", "2048");
  pem.rsaPrivate = o("rsa", "-in", "rsa.pem", "-traditional");
  pem.rsaPublic = o("rsa", "-in", "rsa.pem", "-pubout");
  pem.rsaPkcs8 = kit.read("rsa.pem");
  pem.rsaCert = o("req", "-x509", "-new", "-key", "rsa.pem", "-subj", "/CN=test", "-days", "1");
  pem.csr = o("req", "-new", "-key", "rsa.pem", "-subj", "/CN=test");
  o("genrsa", "-out", "weak.pem", "1024");
  pem.weak = o("rsa", "-in", "weak.pem", "-pubout");
  pem.weakPkcs1 = o("rsa", "-in", "weak.pem", "-RSAPublicKey_out");
  o("genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt", "dsa_paramgen_bits:2048", "-out", "dsaparam.pem");
  o("genpkey", "-paramfile", "dsaparam.pem", "-out", "dsa.pem");
  pem.dsa = o("pkey", "-in", "dsa.pem", "-pubout");
  o("genpkey", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048", "-out", "dh.pem");
  pem.dh = o("pkey", "-in", "dh.pem", "-pubout");
  for (const algorithm of ["X25519", "X448", "ed448"]) {
    o("genpkey", "-algorithm", algorithm, "-out", `${algorithm}.pem`);
    pem[algorithm] = o("pkey", "-in", `${algorithm}.pem`, "-pubout");
  }
  for (const curve of ["secp224r1", "brainpoolP256r1"]) {
    o("ecparam", "-name", curve, "-genkey", "-noout", "-out", `${curve}.pem`);
    pem[curve] = o("ec", "-in", `${curve}.pem`, "-pubout");
  }
  o("genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pss.pem");
  pem.rsaPss = o("pkey", "-in", "pss.pem", "-pubout");
  if (hasCommand("ssh-keygen")) {
    kit.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", "id_ed25519");
    pem.openssh = kit.read("id_ed25519");
    pem.sshPublic = kit.read("id_ed25519.pub");
  }
});

afterAll(() => kit?.cleanup());

describe("private keys are refused before anything else", () => {
  const cases: [string, () => string][] = [
    ["EC PRIVATE KEY (openssl ecparam -genkey)", () => pem.ecPrivate!],
    ["PRIVATE KEY (openssl pkcs8 -topk8 -nocrypt)", () => pem.pkcs8!],
    ["ENCRYPTED PRIVATE KEY (openssl pkcs8 -v2 aes-256-cbc)", () => pem.encrypted!],
    ["RSA PRIVATE KEY (openssl rsa -traditional)", () => pem.rsaPrivate!],
    ["PRIVATE KEY (openssl genrsa)", () => pem.rsaPkcs8!],
    ["a public block followed by a private block", () => `${pem.ecPublic}\n${pem.pkcs8}`],
    ["a private block followed by a public block", () => `${pem.rsaPrivate}${pem.rsaPublic}`],
    ["a private block with CRLF and whitespace", () => `  \r\n${pem.ecPrivate!.replace(/\n/g, "\r\n")}  `],
    ["a private key over 16 KiB", () => `${pem.rsaPkcs8}${" ".repeat(MAX_PUBLIC_KEY_INPUT_BYTES)}`],
    ["a truncated private key", () => pem.rsaPkcs8!.slice(0, 300)],
  ];

  it.each(cases)("%s", (_name, make) => {
    const input = make();
    expect(input).toMatch(/PRIVATE KEY/);
    const message = expectRefused(input, "private_key_rejected");
    expect(message).toMatch(/private key/);
    expect(message).toMatch(/Never upload a private key/);
  });

  it.skipIf(!hasCommand("ssh-keygen"))("OPENSSH PRIVATE KEY (ssh-keygen)", () => {
    expect(pem.openssh).toContain("OPENSSH PRIVATE KEY");
    expectRefused(pem.openssh, "private_key_rejected");
  });

  it.each([
    ["RSA", () => privateJwkOf(pem.rsaPkcs8!)],
    ["EC", () => privateJwkOf(pem.ecPrivate!)],
    ["Ed25519", () => generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" })],
  ])("a %s JWK with d, as an object and as JSON text", (_type, makeJwk) => {
    const jwk = makeJwk();
    expect(jwk.d).toBeTruthy();
    expect(expectRefused(jwk, "private_key_rejected")).toMatch(/private key.*Never upload a private key/s);
    expectRefused(JSON.stringify(jwk), "private_key_rejected");
    expectRefused(JSON.stringify(jwk).slice(0, -20), "private_key_rejected");
  });

  it("a JWK with only p, q or qi, and a JWK Set holding a private key", () => {
    const { d: _d, ...rest } = privateJwkOf(pem.rsaPkcs8!);
    expectRefused(rest, "private_key_rejected");
    expectRefused({ ...publicJwkOf(pem.rsaPublic!), qi: "AAAA" }, "private_key_rejected");
    expectRefused({ keys: [publicJwkOf(pem.ecPublic!), privateJwkOf(pem.ecPrivate!)] }, "private_key_rejected");
  });
});

describe("weak and unsupported keys", () => {
  it("refuses RSA 1024 as SPKI, PKCS#1 and JWK", () => {
    for (const input of [pem.weak, pem.weakPkcs1, publicJwkOf(pem.weak!)]) {
      expect(expectRefused(input, "weak_key")).toMatch(/1024 bits.*at least 2048/);
    }
  });

  it.each(["dsa", "dh", "X25519", "X448", "ed448", "secp224r1", "brainpoolP256r1", "rsaPss"])("refuses %s", (name) => {
    expect(pem[name]).toContain("-----BEGIN PUBLIC KEY-----");
    expect(expectRefused(pem[name], "unsupported_key")).toMatch(/not supported|cannot sign/);
  });

  it("refuses JWKs of other key types and curves", () => {
    expect(expectRefused({ kty: "oct", k: "c2VjcmV0LXNlY3JldC1zZWNyZXQ" }, "unsupported_key")).toMatch(/Symmetric/);
    expectRefused(JSON.stringify({ kty: "oct", k: "c2VjcmV0LXNlY3JldC1zZWNyZXQ" }), "unsupported_key");
    expectRefused(publicJwkOf(pem.X25519!), "unsupported_key");
    expectRefused(publicJwkOf(pem.ed448!), "unsupported_key");
    expectRefused({ ...publicJwkOf(pem.ecPublic!), crv: "P-192" }, "unsupported_key");
    expectRefused({ kty: "AKP", alg: "ML-DSA-44", pub: "AAAA" }, "unsupported_key");
  });

  it("refuses RSA moduli over 16384 bits and exponents of 2^64 or more", () => {
    const { n, e } = publicJwkOf(pem.rsaPublic!);
    const huge = Buffer.concat(Array<Buffer>(9).fill(Buffer.from(n!, "base64url")));
    expect(huge.length * 8).toBeGreaterThan(16384);
    huge[huge.length - 1]! |= 1;
    expect(expectRefused({ kty: "RSA", n: huge.toString("base64url"), e }, "unsupported_key")).toMatch(/16384 bits/);
    const bigExponent = Buffer.alloc(9, 0xff).toString("base64url");
    expect(expectRefused({ kty: "RSA", n, e: bigExponent }, "unsupported_key")).toMatch(/exponents/);
  });
});
