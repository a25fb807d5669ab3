import { generateKeyPairSync } from "node:crypto";
import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as jwksRoute } from "@/app/api/v1/projects/[projectId]/jwks.json/route";
import { getPrisma } from "@/lib/db";
import { call, createTestUser, type TestUser } from "../../support/api";
import { addKeyOk, newProject, p256, revokeKey } from "./keys-fixtures";

let alice: TestUser;

beforeAll(async () => {
  alice = await createTestUser("alice");
});

const fetchJwks = (projectId: string, headers?: Record<string, string>) => call(jwksRoute, { params: { projectId }, headers });

describe("GET jwks.json", () => {
  it("serves the active keys only, with kid, use and alg, without authentication", async () => {
    const projectId = await newProject(alice);
    const ec = await addKeyOk(alice, projectId, { publicKey: p256().publicPem, name: "ec" });
    const rsaPem = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const rsa = await addKeyOk(alice, projectId, { publicKey: rsaPem });
    const revoked = await addKeyOk(alice, projectId, { publicKey: p256().publicPem });
    await revokeKey(alice, projectId, revoked.kid);

    const res = await fetchJwks(projectId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    expect(res.json.keys).toHaveLength(2);
    expect(res.json.keys).toEqual(expect.arrayContaining([rsa.jwk, ec.jwk]));
    const byKid = (kid: string) => res.json.keys.find((k: { kid: string }) => k.kid === kid);
    expect(byKid(rsa.kid)).toEqual({ kty: "RSA", n: expect.any(String), e: "AQAB", kid: rsa.kid, use: "sig" });
    expect(byKid(ec.kid)).toEqual({ kty: "EC", crv: "P-256", x: expect.any(String), y: expect.any(String), kid: ec.kid, use: "sig", alg: "ES256" });
    expect(res.text).not.toContain(revoked.kid);
    for (const key of res.json.keys) for (const member of ["d", "p", "q", "dp", "dq", "qi"]) expect(key).not.toHaveProperty(member);
  });

  it("answers {keys: []} for a project without active keys", async () => {
    const projectId = await newProject(alice);
    const res = await fetchJwks(projectId);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ keys: [] });
  });

  it("answers 404 JSON for an unknown, malformed or deleted project", async () => {
    const deleted = await newProject(alice);
    await addKeyOk(alice, deleted, { publicKey: p256().publicPem });
    await getPrisma().project.delete({ where: { id: deleted } });
    for (const id of [deleted, "00000000-0000-4000-8000-000000000000", "not-a-uuid", "' OR 1=1 --"]) {
      const res = await fetchJwks(id);
      expect(res.status, id).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
  });

  it("sends a strong ETag and answers 304 with an empty body on a matching If-None-Match (list, W/ prefix, *)", async () => {
    const projectId = await newProject(alice);
    await addKeyOk(alice, projectId, { publicKey: p256().publicPem });
    const first = await fetchJwks(projectId);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect((await fetchJwks(projectId)).headers.get("etag")).toBe(etag);
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, `"a",W/${etag} , "b"`, "*"]) {
      const res = await fetchJwks(projectId, { "if-none-match": ifNoneMatch });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(res.text).toBe("");
      expect(res.headers.get("etag")).toBe(etag);
      expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    }
    for (const ifNoneMatch of ['"stale"', etag.slice(0, -2) + '"', "W/\"other\""]) {
      expect((await fetchJwks(projectId, { "if-none-match": ifNoneMatch })).status, ifNoneMatch).toBe(200);
    }
  });

  it("changes the ETag when a key is added or revoked", async () => {
    const projectId = await newProject(alice);
    const etagNow = async () => (await fetchJwks(projectId)).headers.get("etag");
    const empty = await etagNow();
    const key = await addKeyOk(alice, projectId, { publicKey: p256().publicPem });
    const withKey = await etagNow();
    await revokeKey(alice, projectId, key.kid);
    const afterRevoke = await etagNow();
    expect(withKey).not.toBe(empty);
    expect(afterRevoke).not.toBe(withKey);
    expect(afterRevoke).toBe(empty);
    expect((await fetchJwks(projectId, { "if-none-match": withKey! })).status).toBe(200);
  });

  it("is a JWK Set that jose can verify a token with, found by its kid", async () => {
    const projectId = await newProject(alice);
    const { publicPem, privateKey } = p256();
    const key = await addKeyOk(alice, projectId, { publicKey: publicPem });
    await addKeyOk(alice, projectId, { publicKey: p256().publicPem });
    const token = await new SignJWT({ sub: "user-1" })
      .setProtectedHeader({ alg: "ES256", kid: key.kid })
      .setExpirationTime("1m")
      .sign(privateKey);
    const jwks = createLocalJWKSet((await fetchJwks(projectId)).json);
    const { payload, protectedHeader } = await jwtVerify(token, jwks);
    expect(payload.sub).toBe("user-1");
    expect(protectedHeader.kid).toBe(key.kid);
  });
});
