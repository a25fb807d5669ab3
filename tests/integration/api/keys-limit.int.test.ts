import { beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { addPublicKey } from "@/lib/keys/public-keys";
import { requireProjectAccess } from "@/lib/projects/access";
import { createTestUser, type TestUser } from "../../support/api";
import { addKey, addKeyOk, freshPublicKey, listKeys, newProject, revokeKey } from "./keys-fixtures";

const LIMIT_MESSAGE = "This project already has 25 active keys; revoke one before adding another.";

let alice: TestUser;

beforeAll(async () => {
  alice = await createTestUser("alice");
});

/** A project with `count` active keys, added through the domain function. */
async function projectWithKeys(count: number) {
  const projectId = await newProject(alice);
  const access = await requireProjectAccess({ caller: alice.caller, projectId, minRole: "admin" });
  const kids: string[] = [];
  for (let i = 0; i < count; i++) kids.push((await addPublicKey({ access, input: { publicKey: freshPublicKey() } })).kid);
  return { projectId, kids };
}

const activeRows = (projectId: string) => getPrisma().publicKey.count({ where: { projectId, revokedAt: null } });

describe("the 25-active-key limit", () => {
  it("refuses the 26th key with 409 key_limit_reached and stores nothing", async () => {
    const { projectId } = await projectWithKeys(25);
    const res = await addKey(alice, projectId, { publicKey: freshPublicKey(), name: "26th" });
    expect(res.status).toBe(409);
    expect(res.json.error).toEqual({ code: "key_limit_reached", message: LIMIT_MESSAGE });
    expect(await activeRows(projectId)).toBe(25);
    const added = await getPrisma().auditEvent.count({ where: { projectId, action: "key.added" } });
    expect(added).toBe(25);
  });

  it("does not count revoked keys: revoking one at 25 lets one more in, and only one", async () => {
    const { projectId, kids } = await projectWithKeys(25);
    expect((await revokeKey(alice, projectId, kids[0]!)).status).toBe(200);
    await addKeyOk(alice, projectId, { publicKey: freshPublicKey(), name: "replacement" });
    expect((await addKey(alice, projectId, { publicKey: freshPublicKey() })).status).toBe(409);
    const list = (await listKeys(alice, projectId)).json;
    expect(list.activeCount).toBe(25);
    expect(list.keys).toHaveLength(26);
  });

  it("holds under a race: 10 concurrent adds at 20 keys → exactly 5 × 201 and 5 × 409, 25 active", async () => {
    const { projectId } = await projectWithKeys(20);
    const keys = Array.from({ length: 10 }, () => freshPublicKey());
    const results = await Promise.all(keys.map((publicKey, i) => addKey(alice, projectId, { publicKey, name: `racer ${i}` })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    for (const res of results.filter((r) => r.status === 409)) expect(res.json.error.code).toBe("key_limit_reached");
    expect(await activeRows(projectId)).toBe(25);
    expect((await listKeys(alice, projectId)).json.activeCount).toBe(25);
    const added = await getPrisma().auditEvent.count({ where: { projectId, action: "key.added" } });
    expect(added).toBe(25);
  });

  it("two adds racing at 24 keys leave 25, not 26", async () => {
    const { projectId } = await projectWithKeys(24);
    const results = await Promise.all([freshPublicKey(), freshPublicKey()].map((publicKey) => addKey(alice, projectId, { publicKey })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await activeRows(projectId)).toBe(25);
  });

  it("keeps the limit per project: another project of the same owner still accepts keys", async () => {
    const { projectId } = await projectWithKeys(25);
    expect((await addKey(alice, projectId, { publicKey: freshPublicKey() })).status).toBe(409);
    const other = await newProject(alice);
    await addKeyOk(alice, other, { publicKey: freshPublicKey() });
  });
});
