import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { createOpensslKit, privateJwkOf, publicJwkOf, secretFragments, type OpensslKit } from "@/lib/keys/testing/openssl";
import { call, createTestUser, type TestUser } from "../../support/api";
import {
  addKey,
  addKeyOk,
  addKeyRoute,
  auditRows,
  freshPublicKey,
  keyRows,
  listKeys,
  newProject,
  renameKey,
  revokeKey,
} from "./keys-fixtures";

let kit: OpensslKit;
const pem: Record<string, string> = {};
let alice: TestUser;

beforeAll(async () => {
  kit = createOpensslKit();
  const o = kit.openssl;
  o("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.pem");
  pem.ecPrivate = kit.read("ec.pem");
  pem.ecPublic = o("ec", "-in", "ec.pem", "-pubout");
  pem.pkcs8 = o("pkcs8", "-topk8", "-nocrypt", "-in", "ec.pem");
  pem.encrypted = o("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:x", "-in", "ec.pem");
  o("genrsa", "-out", "rsa.pem", "2048");
  pem.rsaPkcs8 = kit.read("rsa.pem");
  pem.rsaPrivate = o("rsa", "-in", "rsa.pem", "-traditional");
  pem.rsaPublic = o("rsa", "-in", "rsa.pem", "-pubout");
  pem.rsaPkcs1 = o("rsa", "-in", "rsa.pem", "-RSAPublicKey_out");
  o("genrsa", "-out", "weak.pem", "1024");
  pem.weak = o("rsa", "-in", "weak.pem", "-pubout");
  for (const algorithm of ["X25519", "ed448"]) {
    o("genpkey", "-algorithm", algorithm, "-out", `${algorithm}.pem`);
    pem[algorithm] = o("pkey", "-in", `${algorithm}.pem`, "-pubout");
  }
  o("ecparam", "-name", "secp224r1", "-genkey", "-noout", "-out", "p224.pem");
  pem.p224 = o("ec", "-in", "p224.pem", "-pubout");
  o("genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pss.pem");
  pem.rsaPss = o("pkey", "-in", "pss.pem", "-pubout");
  pem.dsa = generateKeyPairSync("dsa", { modulusLength: 2048, divisorLength: 256 })
    .publicKey.export({ type: "spki", format: "pem" })
    .toString();
  alice = await createTestUser("alice");
});

afterAll(() => kit?.cleanup());

/** PEM body lines and JWK values of an input: none may appear in the response, a key row or an audit row. */
function expectNothingKept(input: unknown, responseText: string, projectAudit: unknown[], rows: unknown[]) {
  expect(rows).toEqual([]);
  const audit = JSON.stringify(projectAudit, (_key, value) => (typeof value === "bigint" ? String(value) : value));
  expect(audit).not.toContain("-----BEGIN");
  for (const fragment of secretFragments(input)) {
    expect(responseText).not.toContain(fragment);
    expect(audit).not.toContain(fragment);
  }
}

async function expectRefusedAndNothingStored(input: unknown, code: string) {
  const projectId = await newProject(alice);
  const res = await addKey(alice, projectId, { publicKey: input, name: "should not exist" });
  expect(res.status, `${code}: ${res.text}`).toBe(422);
  expect(res.json.error.code).toBe(code);
  expect(res.json.error.message).toMatch(/^[A-Z].*[.)]$/s);
  expectNothingKept(input, res.text, await auditRows(projectId), await keyRows(projectId));
  expect((await auditRows(projectId)).map((e) => e.action)).toEqual(["project.created"]);
  return res.json.error.message as string;
}

describe("private keys are refused (422 private_key_rejected) and nothing is stored", () => {
  const cases: [string, () => unknown][] = [
    ["EC PRIVATE KEY", () => pem.ecPrivate],
    ["PRIVATE KEY (PKCS#8)", () => pem.pkcs8],
    ["ENCRYPTED PRIVATE KEY", () => pem.encrypted],
    ["RSA PRIVATE KEY", () => pem.rsaPrivate],
    ["RSA PKCS#8 from openssl genrsa", () => pem.rsaPkcs8],
    ["a public block and then a private block", () => `${pem.ecPublic}\n${pem.pkcs8}`],
    ["a private JWK object (d)", () => privateJwkOf(pem.ecPrivate!)],
    ["a private RSA JWK as a JSON string", () => JSON.stringify(privateJwkOf(pem.rsaPkcs8!))],
  ];
  it.each(cases)("%s", async (_label, input) => {
    const message = await expectRefusedAndNothingStored(input(), "private_key_rejected");
    expect(message).toMatch(/private key/i);
  });
});

describe("other refusals", () => {
  it("weak_key: RSA 1024 from openssl genrsa", async () => {
    expect(await expectRefusedAndNothingStored(pem.weak, "weak_key")).toContain("2048");
  });

  it.each([
    ["X25519", () => pem.X25519],
    ["Ed448", () => pem.ed448],
    ["EC secp224r1", () => pem.p224],
    ["RSA-PSS restricted SPKI", () => pem.rsaPss],
    ["DSA", () => pem.dsa],
    ["a symmetric oct JWK", () => ({ kty: "oct", k: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0" })],
  ])("unsupported_key: %s", async (_label, input) => {
    await expectRefusedAndNothingStored(input(), "unsupported_key");
  });

  it.each([
    ["garbage text", () => "hello world this is not a key"],
    ["a truncated PEM", () => pem.ecPublic!.slice(0, 80)],
    ["two public PEM blocks", () => `${pem.ecPublic}${pem.rsaPublic}`],
    ["a JWK Set", () => ({ keys: [publicJwkOf(pem.ecPublic!)] })],
    ["a JSON array string", () => "[1,2,3]"],
    ["a number", () => 12345],
    ["an SSH public key line", () => "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMx0aVb2cnXfK5bUQ2Qs3Xx3Yg7vH2c8xXbFz6s0Q1rA test"],
  ])("invalid_key: %s", async (_label, input) => {
    await expectRefusedAndNothingStored(input(), "invalid_key");
  });

  it("invalid_key (not 413) for a publicKey of 16 KiB + 1 byte, as text and as a JWK object", async () => {
    const text = pem.ecPublic!.padEnd(16 * 1024 + 1, " ");
    expect(Buffer.byteLength(text)).toBe(16 * 1024 + 1);
    await expectRefusedAndNothingStored(text, "invalid_key");
    const jwk = { ...publicJwkOf(pem.ecPublic!), note: "x".repeat(16 * 1024) };
    await expectRefusedAndNothingStored(jwk, "invalid_key");
  });

  it("validation_failed for a missing, null or blank publicKey", async () => {
    const projectId = await newProject(alice);
    for (const body of [{}, { publicKey: null }, { publicKey: "" }, { publicKey: "  \n " }, { name: "only a name" }]) {
      const res = await addKey(alice, projectId, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.code).toBe("validation_failed");
    }
    expect(await keyRows(projectId)).toEqual([]);
  });

  it("400 for a body that is not JSON or not an object, 413 over the 64 KiB management limit", async () => {
    const projectId = await newProject(alice);
    const send = (rawBody: string) =>
      call(addKeyRoute, {
        method: "POST",
        token: alice.token,
        params: { projectId },
        rawBody,
        headers: { "content-type": "application/json" },
      });
    expect((await send("{nope")).status).toBe(400);
    expect((await send('["array"]')).status).toBe(400);
    expect((await send("")).status).toBe(400);
    const huge = await send(JSON.stringify({ publicKey: "x".repeat(65 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe("payload_too_large");
  });
});

describe("duplicates (409 duplicate_key)", () => {
  it("refuses the same key while active, in any format, and accepts it again after revocation", async () => {
    const projectId = await newProject(alice);
    const first = await addKeyOk(alice, projectId, { publicKey: pem.rsaPublic, name: "first" });
    for (const input of [pem.rsaPublic, pem.rsaPkcs1, publicJwkOf(pem.rsaPublic!), JSON.stringify(publicJwkOf(pem.rsaPublic!))]) {
      const res = await addKey(alice, projectId, { publicKey: input });
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe("duplicate_key");
      expect(res.json.error.message).toContain(first.kid);
    }
    expect((await keyRows(projectId)).length).toBe(1);
    expect((await auditRows(projectId)).filter((e) => e.action === "key.added")).toHaveLength(1);
    await revokeKey(alice, projectId, first.kid);
    const again = await addKeyOk(alice, projectId, { publicKey: pem.rsaPkcs1, name: "again" });
    expect(again.kid).not.toBe(first.kid);
    expect(again.fingerprint).toBe(first.fingerprint);
    const list = (await listKeys(alice, projectId)).json;
    expect(list.keys.map((k: { name: string; status: string }) => `${k.name}:${k.status}`)).toEqual(["again:active", "first:revoked"]);
  });

  it("accepts the same key in another project (another tenant)", async () => {
    const bob = await createTestUser("bob");
    const publicKey = freshPublicKey();
    await addKeyOk(alice, await newProject(alice), { publicKey });
    await addKeyOk(bob, await newProject(bob), { publicKey });
  });

  it("lets exactly one of five concurrent adds of the same key through", async () => {
    const projectId = await newProject(alice);
    const publicKey = freshPublicKey();
    const results = await Promise.all(Array.from({ length: 5 }, () => addKey(alice, projectId, { publicKey })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.json.error.code === "duplicate_key")).toBe(true);
    expect((await keyRows(projectId)).length).toBe(1);
  });
});

describe("audit rows are written in the same transaction as the change", () => {
  // A trigger that fails every audit insert of one project: the key change must roll back with it.
  async function withFailingAudit(projectId: string, run: () => Promise<void>) {
    const db = getPrisma();
    await db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION test_fail_audit() RETURNS trigger AS $$
      BEGIN
        IF NEW."projectId" = '${projectId}'::uuid THEN RAISE EXCEPTION 'audit unavailable'; END IF;
        RETURN NEW;
      END; $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER test_fail_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION test_fail_audit()`,
    );
    try {
      await run();
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_fail_audit ON "AuditEvent"`);
      await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS test_fail_audit()`);
    }
  }

  it("a failed audit insert leaves no key added, renamed or revoked", async () => {
    const projectId = await newProject(alice);
    const key = await addKeyOk(alice, projectId, { publicKey: freshPublicKey(), name: "kept" });
    await withFailingAudit(projectId, async () => {
      const added = await addKey(alice, projectId, { publicKey: freshPublicKey() });
      expect(added.status).toBe(500);
      expect(added.json.error.code).toBe("internal_error");
      expect((await renameKey(alice, projectId, key.kid, { name: "changed" })).status).toBe(500);
      expect((await revokeKey(alice, projectId, key.kid)).status).toBe(500);
    });
    const rows = await keyRows(projectId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kid: key.kid, name: "kept", revokedAt: null });
  });
});
