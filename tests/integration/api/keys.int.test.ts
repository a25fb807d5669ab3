import { generateKeyPairSync, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jwkThumbprint } from "@/lib/keys/thumbprint";
import { createOpensslKit, publicJwkOf, spkiOf, type OpensslKit } from "@/lib/keys/testing/openssl";
import { call, createTestUser, type TestUser } from "../../support/api";
import { runCommonProjectRouteTests } from "../../support/common-route-tests";
import {
  addKey,
  addKeyOk,
  addKeyRoute,
  addMember,
  auditRows,
  freshPublicKey,
  getKey,
  getKeyRoute,
  keyParams,
  keyRows,
  listKeys,
  listKeysRoute,
  newProject,
  params,
  renameKey,
  renameKeyRoute,
  revokeKey,
  revokeKeyRoute,
  RFC3339,
  UUID_V4,
} from "./keys-fixtures";

runCommonProjectRouteTests("GET keys", listKeysRoute, { method: "GET", params });
runCommonProjectRouteTests("POST keys", addKeyRoute, { method: "POST", params, body: { publicKey: freshPublicKey() } });
runCommonProjectRouteTests("GET key", getKeyRoute, { method: "GET", params: keyParams });
runCommonProjectRouteTests("PATCH key", renameKeyRoute, { method: "PATCH", params: keyParams, body: { name: "x" } });
runCommonProjectRouteTests("DELETE key", revokeKeyRoute, { method: "DELETE", params: keyParams });

let kit: OpensslKit;
const pem: Record<string, string> = {};
let alice: TestUser;
let bob: TestUser;

const EC_CURVES = [
  { openssl: "prime256v1", curve: "P-256", alg: "ES256" },
  { openssl: "secp384r1", curve: "P-384", alg: "ES384" },
  { openssl: "secp521r1", curve: "P-521", alg: "ES512" },
  { openssl: "secp256k1", curve: "secp256k1", alg: "ES256K" },
] as const;
const RSA_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];

beforeAll(async () => {
  kit = createOpensslKit();
  const o = kit.openssl;
  for (const { openssl: curve } of EC_CURVES) {
    o("ecparam", "-name", curve, "-genkey", "-noout", "-out", `${curve}.pem`);
    pem[curve] = o("ec", "-in", `${curve}.pem`, "-pubout");
  }
  pem.p256Cert = o("req", "-x509", "-new", "-key", "prime256v1.pem", "-subj", "/CN=test", "-days", "1");
  o("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pem");
  pem.rsaSpki = o("pkey", "-in", "rsa.pem", "-pubout");
  pem.rsaPkcs1 = o("rsa", "-in", "rsa.pem", "-RSAPublicKey_out");
  pem.rsaCert = o("req", "-x509", "-new", "-key", "rsa.pem", "-subj", "/CN=test", "-days", "1");
  o("genpkey", "-algorithm", "ed25519", "-out", "ed.pem");
  pem.ed25519 = o("pkey", "-in", "ed.pem", "-pubout");
  alice = await createTestUser("alice");
  bob = await createTestUser("bob");
});

afterAll(() => kit?.cleanup());

// Timestamps have millisecond precision: keep consecutive changes apart so their order is defined.
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("POST keys: every accepted format and type", () => {
  it.each(EC_CURVES)("EC $curve SPKI from openssl → $alg, no bits member", async ({ openssl: curve, curve: crv, alg }) => {
    const projectId = await newProject(alice);
    const key = await addKeyOk(alice, projectId, { publicKey: pem[curve], name: `${crv} key` });
    const jwk = publicJwkOf(pem[curve]!);
    expect(key).toEqual({
      kid: expect.stringMatching(UUID_V4),
      name: `${crv} key`,
      status: "active",
      keyType: "EC",
      curve: crv,
      algorithms: [alg],
      fingerprint: jwkThumbprint(jwk as never),
      createdAt: expect.stringMatching(RFC3339),
      lastUsedAt: null,
      revokedAt: null,
      revokeReason: null,
      publicKeyPem: spkiOf(pem[curve]!),
      jwk: { kty: "EC", crv, x: jwk.x, y: jwk.y, kid: key.kid, use: "sig", alg },
    });
    expect(key).not.toHaveProperty("bits");
  });

  it("RSA 2048 as SPKI, PKCS#1 and certificate: the same key, six algorithms, no curve member, no alg in the JWK", async () => {
    const fingerprints = new Set<string>();
    for (const input of [pem.rsaSpki, pem.rsaPkcs1, pem.rsaCert]) {
      const projectId = await newProject(alice);
      const key = await addKeyOk(alice, projectId, { publicKey: input });
      expect(key).toMatchObject({ keyType: "RSA", bits: 2048, algorithms: RSA_ALGS, publicKeyPem: spkiOf(pem.rsaSpki!) });
      expect(key).not.toHaveProperty("curve");
      expect(key.jwk).toEqual({ kty: "RSA", n: expect.any(String), e: "AQAB", kid: key.kid, use: "sig" });
      fingerprints.add(key.fingerprint);
    }
    expect(fingerprints.size).toBe(1);
  });

  it("Ed25519 SPKI → OKP, EdDSA", async () => {
    const projectId = await newProject(alice);
    const key = await addKeyOk(alice, projectId, { publicKey: pem.ed25519 });
    expect(key).toMatchObject({ keyType: "OKP", curve: "Ed25519", algorithms: ["EdDSA"] });
    expect(key).not.toHaveProperty("bits");
    expect(key.jwk).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig", kid: key.kid });
  });

  it("an EC certificate gives the same key as its SPKI", async () => {
    const [a, b] = [await newProject(alice), await newProject(alice)];
    const fromCert = await addKeyOk(alice, a, { publicKey: pem.p256Cert });
    const fromSpki = await addKeyOk(alice, b, { publicKey: pem.prime256v1 });
    expect(fromCert.fingerprint).toBe(fromSpki.fingerprint);
    expect(fromCert.publicKeyPem).toBe(fromSpki.publicKeyPem);
  });

  it("node:crypto keys as a JWK object and as a JWK JSON string, with CRLF and surrounding whitespace on PEM", async () => {
    const types = [
      generateKeyPairSync("ec", { namedCurve: "P-384" }),
      generateKeyPairSync("ed25519"),
      generateKeyPairSync("rsa", { modulusLength: 3072 }),
    ];
    for (const { publicKey } of types) {
      const jwk = publicKey.export({ format: "jwk" });
      const spki = publicKey.export({ type: "spki", format: "pem" }).toString();
      const projectId = await newProject(alice);
      const asObject = await addKeyOk(alice, projectId, { publicKey: jwk });
      expect(asObject.publicKeyPem).toBe(spki);
      await revokeKey(alice, projectId, asObject.kid);
      const asString = await addKeyOk(alice, projectId, { publicKey: JSON.stringify(jwk, null, 2) });
      expect(asString.fingerprint).toBe(asObject.fingerprint);
      await revokeKey(alice, projectId, asString.kid);
      const crlf = await addKeyOk(alice, projectId, { publicKey: `\r\n  ${spki.replace(/\n/g, "\r\n")}  \n` });
      expect(crlf.fingerprint).toBe(asObject.fingerprint);
    }
  });
});

describe("POST keys: kid, name and algorithms", () => {
  it("generates a lowercase UUID v4 kid and ignores any kid in the body or in the JWK", async () => {
    const projectId = await newProject(alice);
    const chosen = randomUUID();
    const a = await addKeyOk(alice, projectId, { publicKey: freshPublicKey(), kid: chosen });
    const jwk = { ...publicJwkOf(freshPublicKey()), kid: "my-own-kid" };
    const b = await addKeyOk(alice, projectId, { publicKey: jwk, kid: "my-own-kid" });
    for (const key of [a, b]) {
      expect(key.kid).toMatch(UUID_V4);
      expect(key.jwk.kid).toBe(key.kid);
    }
    expect([a.kid, b.kid]).not.toContain(chosen);
    expect(a.kid).not.toBe(b.kid);
  });

  it("trims the name, stores an empty one as null, and refuses one over 64 characters or not a string", async () => {
    const projectId = await newProject(alice);
    expect((await addKeyOk(alice, projectId, { publicKey: freshPublicKey(), name: "  CI signer  " })).name).toBe("CI signer");
    expect((await addKeyOk(alice, projectId, { publicKey: freshPublicKey(), name: "   " })).name).toBeNull();
    expect((await addKeyOk(alice, projectId, { publicKey: freshPublicKey(), name: null })).name).toBeNull();
    expect((await addKeyOk(alice, projectId, { publicKey: freshPublicKey(), name: "é".repeat(64) })).name).toBe("é".repeat(64));
    for (const name of ["x".repeat(65), 42, ["a"], "line\nbreak"]) {
      const res = await addKey(alice, projectId, { publicKey: freshPublicKey(), name });
      expect(res.status, JSON.stringify(name)).toBe(422);
      expect(res.json.error.code).toBe("validation_failed");
    }
    expect((await keyRows(projectId)).length).toBe(4);
  });

  it("narrows algorithms to a subset, in canonical order; alg appears in the JWK only for a single algorithm", async () => {
    const projectId = await newProject(alice);
    const two = await addKeyOk(alice, projectId, { publicKey: pem.rsaSpki, algorithms: ["PS256", "RS256"] });
    expect(two.algorithms).toEqual(["RS256", "PS256"]);
    expect(two.jwk).not.toHaveProperty("alg");
    await revokeKey(alice, projectId, two.kid);
    const one = await addKeyOk(alice, projectId, { publicKey: pem.rsaPkcs1, algorithms: ["PS256"] });
    expect(one.algorithms).toEqual(["PS256"]);
    expect(one.jwk.alg).toBe("PS256");
    await revokeKey(alice, projectId, one.kid);
    const all = await addKeyOk(alice, projectId, { publicKey: pem.rsaSpki, algorithms: [] });
    expect(all.algorithms).toEqual(RSA_ALGS);
  });

  it("refuses algorithms the key cannot use, unknown names and a non-list with 422 validation_failed", async () => {
    const projectId = await newProject(alice);
    for (const algorithms of [["ES256"], ["HS256"], ["none"], "RS256", [1], ["RS256", "EdDSA"]]) {
      const res = await addKey(alice, projectId, { publicKey: pem.rsaSpki, algorithms });
      expect(res.status, JSON.stringify(algorithms)).toBe(422);
      expect(res.json.error.code).toBe("validation_failed");
    }
    const es256k = await addKey(alice, projectId, { publicKey: pem.secp256k1, algorithms: ["ES256"] });
    expect(es256k.json.error.message).toContain("ES256K");
    expect(await keyRows(projectId)).toEqual([]);
  });
});

describe("GET keys and GET key", () => {
  it("lists active keys newest first, then revoked keys most recently revoked first, with activeCount and limit", async () => {
    const projectId = await newProject(alice);
    const added = [];
    for (let i = 1; i <= 4; i++) {
      added.push(await addKeyOk(alice, projectId, { publicKey: freshPublicKey(), name: `k${i}` }));
      await tick();
    }
    await revokeKey(alice, projectId, added[2].kid);
    await tick();
    await revokeKey(alice, projectId, added[0].kid);
    const res = await listKeys(alice, projectId);
    expect(res.status).toBe(200);
    expect(res.json.activeCount).toBe(2);
    expect(res.json.limit).toBe(25);
    expect(res.json.keys.map((k: { name: string }) => k.name)).toEqual(["k4", "k2", "k1", "k3"]);
    expect(res.json.keys.map((k: { status: string }) => k.status)).toEqual(["active", "active", "revoked", "revoked"]);
  });

  it("answers an empty list for a project without keys", async () => {
    const projectId = await newProject(alice);
    expect((await listKeys(alice, projectId)).json).toEqual({ keys: [], activeCount: 0, limit: 25 });
  });

  it("gets one key, also with an uppercase kid; an unknown or malformed kid is 404", async () => {
    const projectId = await newProject(alice);
    const key = await addKeyOk(alice, projectId, { publicKey: freshPublicKey() });
    expect((await getKey(alice, projectId, key.kid)).json).toEqual(key);
    expect((await getKey(alice, projectId, key.kid.toUpperCase())).json.kid).toBe(key.kid);
    for (const kid of [randomUUID(), "not-a-uuid", "' OR 1=1 --", `${key.kid}x`]) {
      const res = await getKey(alice, projectId, kid);
      expect(res.status, kid).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
  });
});

describe("PATCH key (rename)", () => {
  it("sets, trims and clears the name, auditing each change but not a no-op", async () => {
    const projectId = await newProject(alice);
    const key = await addKeyOk(alice, projectId, { publicKey: freshPublicKey(), name: "old" });
    const renamed = await renameKey(alice, projectId, key.kid, { name: "  new name " });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toEqual({ ...key, name: "new name" });
    expect((await renameKey(alice, projectId, key.kid, { name: "new name" })).status).toBe(200);
    expect((await renameKey(alice, projectId, key.kid, { name: "" })).json.name).toBeNull();
    expect((await renameKey(alice, projectId, key.kid, { name: "again" })).json.name).toBe("again");
    expect((await renameKey(alice, projectId, key.kid, { name: null })).json.name).toBeNull();
    const renames = (await auditRows(projectId)).filter((e) => e.action === "key.renamed");
    expect(renames.map((e) => e.metadata)).toEqual([
      { from: "old", to: "new name", fingerprint: key.fingerprint },
      { from: "new name", to: null, fingerprint: key.fingerprint },
      { from: null, to: "again", fingerprint: key.fingerprint },
      { from: "again", to: null, fingerprint: key.fingerprint },
    ]);
    expect(renames.every((e) => e.targetId === key.kid && e.actorId === alice.id)).toBe(true);
  });

  it("refuses a missing, too long or non-string name with 422; an unknown kid is 404", async () => {
    const projectId = await newProject(alice);
    const key = await addKeyOk(alice, projectId, { publicKey: freshPublicKey(), name: "keep" });
    for (const body of [{}, { name: "x".repeat(65) }, { name: 5 }, { other: "x" }]) {
      const res = await renameKey(alice, projectId, key.kid, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.code).toBe("validation_failed");
    }
    expect((await renameKey(alice, projectId, randomUUID(), { name: "x" })).status).toBe(404);
    expect((await renameKey(alice, projectId, "nope", { name: "x" })).status).toBe(404);
    expect((await getKey(alice, projectId, key.kid)).json.name).toBe("keep");
  });

  it("renames a revoked key (it labels history) and it stays revoked", async () => {
    const projectId = await newProject(alice);
    const key = await addKeyOk(alice, projectId, { publicKey: freshPublicKey() });
    const revoked = (await revokeKey(alice, projectId, key.kid)).json;
    const res = await renameKey(alice, projectId, key.kid, { name: "old laptop" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "old laptop", status: "revoked", revokedAt: revoked.revokedAt });
  });
});

describe("DELETE key (revoke)", () => {
  it("revokes with a reason, keeps the key listed, and a second DELETE answers the original revokedAt and reason", async () => {
    const projectId = await newProject(alice);
    const key = await addKeyOk(alice, projectId, { publicKey: freshPublicKey(), name: "laptop" });
    const first = await revokeKey(alice, projectId, key.kid, { reason: "  laptop stolen  " });
    expect(first.status).toBe(200);
    expect(first.json.revokedAt).toMatch(RFC3339);
    expect(first.json).toEqual({ ...key, status: "revoked", revokedAt: first.json.revokedAt, revokeReason: "laptop stolen" });
    await tick();
    const second = await revokeKey(alice, projectId, key.kid, { reason: "another reason" });
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    const third = await revokeKey(alice, projectId, key.kid);
    expect(third.json).toEqual(first.json);
    const list = (await listKeys(alice, projectId)).json;
    expect(list.activeCount).toBe(0);
    expect(list.keys).toEqual([first.json]);
    const revocations = (await auditRows(projectId)).filter((e) => e.action === "key.revoked");
    expect(revocations).toHaveLength(1);
    expect(revocations[0]).toMatchObject({
      actorId: alice.id,
      targetType: "public_key",
      targetId: key.kid,
      metadata: { name: "laptop", fingerprint: key.fingerprint, reason: "laptop stolen" },
    });
    const row = (await keyRows(projectId))[0];
    expect(row?.revokedById).toBe(alice.id);
  });

  it("revokes without a body or with an empty reason (stored as null)", async () => {
    const projectId = await newProject(alice);
    const a = await addKeyOk(alice, projectId, { publicKey: freshPublicKey() });
    const b = await addKeyOk(alice, projectId, { publicKey: freshPublicKey() });
    expect((await revokeKey(alice, projectId, a.kid)).json).toMatchObject({ status: "revoked", revokeReason: null });
    expect((await revokeKey(alice, projectId, b.kid, { reason: " " })).json).toMatchObject({ status: "revoked", revokeReason: null });
  });

  it("refuses a reason over 500 characters (422) and a body that is not JSON (400); the key stays active", async () => {
    const projectId = await newProject(alice);
    const key = await addKeyOk(alice, projectId, { publicKey: freshPublicKey() });
    const long = await revokeKey(alice, projectId, key.kid, { reason: "x".repeat(501) });
    expect(long.status).toBe(422);
    expect(long.json.error.code).toBe("validation_failed");
    const broken = await call(revokeKeyRoute, {
      method: "DELETE",
      token: alice.token,
      params: { projectId, kid: key.kid },
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect((await getKey(alice, projectId, key.kid)).json.status).toBe("active");
    expect((await revokeKey(alice, projectId, key.kid, { reason: "x".repeat(500) })).status).toBe(200);
  });

  it("answers 404 for an unknown or malformed kid", async () => {
    const projectId = await newProject(alice);
    for (const kid of [randomUUID(), "abc", ""]) {
      expect((await revokeKey(alice, projectId, kid)).status, kid).toBe(404);
    }
  });
});

describe("roles and tenancy", () => {
  it("lets a viewer read keys but answers 403 to every write; an admin can write", async () => {
    const projectId = await newProject(alice);
    const viewer = await createTestUser("viewer");
    const admin = await createTestUser("admin");
    await addMember(projectId, viewer, "viewer");
    await addMember(projectId, admin, "admin");
    const key = await addKeyOk(admin, projectId, { publicKey: freshPublicKey(), name: "by admin" });
    expect((await listKeys(viewer, projectId)).json.keys).toHaveLength(1);
    expect((await getKey(viewer, projectId, key.kid)).status).toBe(200);
    for (const res of [
      await addKey(viewer, projectId, { publicKey: freshPublicKey() }),
      await renameKey(viewer, projectId, key.kid, { name: "by viewer" }),
      await revokeKey(viewer, projectId, key.kid),
    ]) {
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
    }
    expect(await getKey(alice, projectId, key.kid).then((r) => r.json)).toMatchObject({ name: "by admin", status: "active" });
    expect((await renameKey(admin, projectId, key.kid, { name: "renamed" })).status).toBe(200);
    expect((await revokeKey(admin, projectId, key.kid)).status).toBe(200);
  });

  it("answers 404 for another tenant's kid through one's own project, and leaves that key untouched", async () => {
    const aliceProject = await newProject(alice, "Alice");
    const bobProject = await newProject(bob, "Bob");
    const bobKey = await addKeyOk(bob, bobProject, { publicKey: freshPublicKey(), name: "bob's" });
    for (const res of [
      await getKey(alice, aliceProject, bobKey.kid),
      await renameKey(alice, aliceProject, bobKey.kid, { name: "pwned" }),
      await revokeKey(alice, aliceProject, bobKey.kid),
      await getKey(alice, bobProject, bobKey.kid),
      await revokeKey(alice, bobProject, bobKey.kid),
    ]) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    expect((await getKey(bob, bobProject, bobKey.kid)).json).toEqual(bobKey);
    expect((await listKeys(alice, aliceProject)).json.keys).toEqual([]);
    expect((await auditRows(aliceProject)).map((e) => e.action)).toEqual(["project.created"]);
  });
});

describe("audit", () => {
  it("records key.added with name, fingerprint and algorithms, never the key text", async () => {
    const projectId = await newProject(alice);
    const key = await addKeyOk(alice, projectId, { publicKey: pem.rsaSpki, name: "ci", algorithms: ["RS256"] });
    const added = (await auditRows(projectId)).filter((e) => e.action === "key.added");
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      actorId: alice.id,
      actorEmail: alice.email,
      targetType: "public_key",
      targetId: key.kid,
      metadata: { name: "ci", fingerprint: key.fingerprint, keyType: "RSA", algorithms: ["RS256"] },
    });
    expect(JSON.stringify(added[0]?.metadata)).not.toContain("BEGIN");
  });
});
