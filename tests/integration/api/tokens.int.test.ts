import { describe, expect, it, beforeAll } from "vitest";
import { GET as getProjectRoute } from "@/app/api/v1/projects/[projectId]/route";
import { GET as listProjectsRoute, POST as createProjectRoute } from "@/app/api/v1/projects/route";
import { DELETE as revokeTokenRoute } from "@/app/api/v1/tokens/[tokenId]/route";
import { GET as listTokensRoute, POST as createTokenRoute } from "@/app/api/v1/tokens/route";
import { flushTokenUsage } from "@/lib/auth/access-tokens";
import { hashOpaqueToken } from "@/lib/auth/opaque-token";
import { getPrisma } from "@/lib/db";
import { call, createTestUser, type TestUser } from "../../support/api";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

const create = (user: TestUser | null, body: unknown) => call(createTokenRoute, { method: "POST", token: user?.token ?? null, body });
const list = (user: TestUser) => call(listTokensRoute, { token: user.token });
const revoke = (user: TestUser, tokenId: string) => call(revokeTokenRoute, { method: "DELETE", token: user.token, params: { tokenId } });

async function createOk(user: TestUser, body: Record<string, unknown> = { name: "CI deploys" }) {
  const res = await create(user, body);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { token: string; id: string; name: string; prefix: string; createdAt: string; expiresAt: string | null };
}

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  alice = await createTestUser("alice");
  bob = await createTestUser("bob");
});

describe("personal access tokens: authentication", () => {
  it("answers 401 without credentials or with a bad token, on every route", async () => {
    for (const token of [null, "sgp_" + "A".repeat(43), "garbage"]) {
      expect((await call(listTokensRoute, { token })).status).toBe(401);
      expect((await call(createTokenRoute, { method: "POST", token, body: { name: "x" } })).status).toBe(401);
      const res = await call(revokeTokenRoute, { method: "DELETE", token, params: { tokenId: "00000000-0000-4000-8000-000000000000" } });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
    }
  });
});

describe("personal access tokens", () => {
  it("creates a token shown once, stored only as a hash, that works as a Bearer token", async () => {
    const created = await createOk(alice);
    expect(created).toEqual({
      token: expect.stringMatching(/^sgp_[A-Za-z0-9_-]{43}$/),
      id: expect.any(String),
      name: "CI deploys",
      prefix: created.token.slice(0, 10),
      status: "active",
      createdAt: expect.stringMatching(RFC3339),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });
    const row = await getPrisma().accessToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ kind: "personal", userId: alice.id, tokenHash: hashOpaqueToken(created.token) });
    expect(JSON.stringify(row)).not.toContain(created.token);

    const projects = await call(listProjectsRoute, { token: created.token });
    expect(projects.status).toBe(200);
    const project = await call(createProjectRoute, { method: "POST", token: created.token, body: { name: "Made with a PAT" } });
    expect(project.status).toBe(201);
    expect(project.json.role).toBe("owner");
  });

  it("lists only the caller's personal tokens, newest first, never the token or its hash", async () => {
    const first = await createOk(bob, { name: "first" });
    const second = await createOk(bob, { name: "second" });
    const res = await list(bob);
    expect(res.status).toBe(200);
    expect(res.json.tokens.map((t: { id: string }) => t.id)).toEqual([second.id, first.id]);
    for (const secret of [first.token, second.token, hashOpaqueToken(first.token)]) expect(res.text).not.toContain(secret);
    expect(res.text).not.toContain("tokenHash");
    // bob's login token is not a personal token and is not listed.
    expect(res.json.tokens).toHaveLength(2);
    expect((await list(alice)).json.tokens.map((t: { id: string }) => t.id)).not.toContain(first.id);
  });

  it("sets an expiry in days and refuses invalid input with 422", async () => {
    const created = await createOk(alice, { name: "30 days", expiresInDays: 30 });
    const days = (Date.parse(created.expiresAt!) - Date.parse(created.createdAt)) / 86_400_000;
    expect(days).toBe(30);
    for (const body of [{}, { name: "" }, { name: "   " }, { name: "x".repeat(65) }, { name: "a\nb" }, { name: "ok", expiresInDays: 0 },
      { name: "ok", expiresInDays: 366 }, { name: "ok", expiresInDays: 1.5 }, { name: "ok", expiresInDays: "30" }]) {
      const res = await create(alice, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.code).toBe("validation_failed");
    }
    expect((await call(createTokenRoute, { method: "POST", token: alice.token, rawBody: "{nope", headers: { "content-type": "application/json" } })).status).toBe(400);
  });

  it("stops an expired token at once (401)", async () => {
    const created = await createOk(alice, { name: "short", expiresInDays: 1 });
    await getPrisma().accessToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(listProjectsRoute, { token: created.token })).status).toBe(401);
    expect((await list(alice)).json.tokens.find((t: { id: string }) => t.id === created.id).status).toBe("expired");
  });

  it("revokes: the token answers 401 from then on; a second revoke is idempotent; audited without a project", async () => {
    const created = await createOk(alice, { name: "to revoke" });
    const res = await revoke(alice, created.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: created.id, status: "revoked", revokedAt: expect.stringMatching(RFC3339) });
    expect(res.text).not.toContain(created.token);
    expect((await call(listProjectsRoute, { token: created.token })).status).toBe(401);
    const again = await revoke(alice, created.id);
    expect(again.status).toBe(200);
    expect(again.json.revokedAt).toBe(res.json.revokedAt);

    const events = await getPrisma().auditEvent.findMany({ where: { targetId: created.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.projectId, e.actorId])).toEqual([
      ["token.created", null, alice.id],
      ["token.revoked", null, alice.id],
    ]);
    expect(JSON.stringify(events.map((e) => e.metadata))).not.toContain(created.token);
  });

  it("answers 404 for someone else's token, a login token, an unknown or malformed id", async () => {
    const bobs = await createOk(bob, { name: "bob's" });
    const byAlice = await revoke(alice, bobs.id);
    expect(byAlice.status).toBe(404);
    expect(byAlice.json.error.code).toBe("not_found");
    expect((await call(listProjectsRoute, { token: bobs.token })).status).toBe(200);
    const login = await getPrisma().accessToken.findFirstOrThrow({ where: { userId: alice.id, kind: "login" } });
    expect((await revoke(alice, login.id)).status).toBe(404);
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) expect((await revoke(alice, id)).status).toBe(404);
  });

  it("keeps tenancy: a token reaches only its owner's projects", async () => {
    const bobsToken = await createOk(bob, { name: "bob tenancy" });
    const aliceProject = await call(createProjectRoute, { method: "POST", token: alice.token, body: { name: "Alice's" } });
    const res = await call(getProjectRoute, { token: bobsToken.token, params: { projectId: aliceProject.json.id } });
    expect(res.status).toBe(404);
  });

  it("records lastUsedAt off the request path: buffered in memory, written by one batched flush", async () => {
    const created = await createOk(alice, { name: "usage" });
    const before = Date.now();
    expect((await call(listProjectsRoute, { token: created.token })).status).toBe(200);
    const stored = async () => (await getPrisma().accessToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt;
    expect(await stored()).toBeNull();
    const listed = (await list(alice)).json.tokens.find((t: { id: string }) => t.id === created.id);
    expect(Date.parse(listed.lastUsedAt)).toBeGreaterThanOrEqual(before - 5);
    await flushTokenUsage();
    expect((await stored())?.getTime()).toBeGreaterThanOrEqual(before - 5);
    // Login tokens are not tracked.
    await call(listProjectsRoute, { token: alice.token });
    await flushTokenUsage();
    const login = await getPrisma().accessToken.findFirstOrThrow({ where: { tokenHash: hashOpaqueToken(alice.token) } });
    expect(login.lastUsedAt).toBeNull();
  });
});
