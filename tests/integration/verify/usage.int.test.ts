import { describe, expect, it } from "vitest";
import { getPool, getPrisma } from "@/lib/db";
import { deleteProject } from "@/lib/projects/projects";
import { flushUsage, pendingUsage, recordVerification } from "@/lib/verify/usage-recorder";
import { newProjectWithKey, nowSeconds, signToken, verify, waitFor } from "./verify-fixtures";

async function countsByResult(projectId: string) {
  const rows = await getPrisma().usageCounter.findMany({ where: { projectId } });
  const totals: Record<string, number> = {};
  for (const row of rows) totals[`${row.result}|${row.kid}`] = (totals[`${row.result}|${row.kid}`] ?? 0) + Number(row.count);
  return { totals, rows };
}

describe("usage recording", () => {
  it("counts verifications per key, hour and result, and sets lastUsedAt, in one flush", async () => {
    const project = await newProjectWithKey("Usage");
    const { projectId, key } = project;
    const valid = await signToken(key);
    const expired = await signToken(key, { iat: nowSeconds() - 100, exp: nowSeconds() - 50 });
    for (let i = 0; i < 7; i++) expect((await verify({ project: projectId, token: valid })).json.valid).toBe(true);
    for (let i = 0; i < 3; i++) await verify({ project: projectId, token: expired });
    for (let i = 0; i < 2; i++) await verify({ project: projectId });
    await flushUsage();
    expect(pendingUsage().counters).toBe(0);

    const { totals, rows } = await countsByResult(projectId);
    expect(totals).toEqual({ [`valid|${key.kid}`]: 7, [`expired_token|${key.kid}`]: 3, "missing_token|": 2 });
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    expect(rows.every((row) => row.hour.getTime() === hour)).toBe(true);
    const stored = await getPrisma().publicKey.findUniqueOrThrow({ where: { kid: key.kid } });
    expect(stored.lastUsedAt).not.toBeNull();
    expect(Date.now() - stored.lastUsedAt!.getTime()).toBeLessThan(60_000);
  });

  it("adds up under concurrent flushes and never moves lastUsedAt backwards", async () => {
    const { projectId, key } = await newProjectWithKey("Usage concurrency");
    const now = Date.now();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 100; i++) recordVerification(projectId, key.kid, "valid", now);
      for (let i = 0; i < 10; i++) recordVerification(projectId, "", "malformed_token", now);
      await Promise.all([flushUsage(), flushUsage(), flushUsage()]);
    }
    // An older verification flushed later leaves the newer lastUsedAt in place.
    recordVerification(projectId, key.kid, "valid", now - 3_600_000 * 5);
    await flushUsage();
    const { totals } = await countsByResult(projectId);
    expect(totals).toEqual({ [`valid|${key.kid}`]: 301, "malformed_token|": 30 });
    const stored = await getPrisma().publicKey.findUniqueOrThrow({ where: { kid: key.kid } });
    expect(stored.lastUsedAt?.getTime()).toBe(now);
  });

  it("does not NOTIFY: a lastUsedAt update leaves caches alone", async () => {
    const client = await getPool().connect();
    const notified: string[] = [];
    client.on("notification", (message) => notified.push(String(message.payload)));
    try {
      await client.query("LISTEN signet_project_changed");
      const { projectId, key } = await newProjectWithKey("No notify");
      await waitFor(async () => notified.includes(projectId), Boolean, 2_000);
      expect(notified).toContain(projectId);
      notified.length = 0;
      recordVerification(projectId, key.kid, "valid");
      await flushUsage();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(notified).toEqual([]);
    } finally {
      await client.query("UNLISTEN *");
      client.release();
    }
  });

  it("drops the counts of a project deleted before the flush instead of failing forever", async () => {
    const doomed = await newProjectWithKey("Usage deleted");
    const kept = await newProjectWithKey("Usage kept");
    recordVerification(doomed.projectId, doomed.key.kid, "valid");
    recordVerification(kept.projectId, kept.key.kid, "valid");
    await deleteProject({ access: doomed.access });
    await flushUsage();
    expect(pendingUsage().counters).toBe(0);
    expect((await countsByResult(kept.projectId)).totals).toEqual({ [`valid|${kept.key.kid}`]: 1 });
    expect(await getPrisma().usageCounter.count({ where: { projectId: doomed.projectId } })).toBe(0);
  });

  it("skips counts with ids that are not uuids instead of failing the batch", async () => {
    const { projectId, key } = await newProjectWithKey("Usage bad ids");
    recordVerification("not-a-uuid", "", "missing_token");
    recordVerification(projectId, "not-a-kid", "valid");
    recordVerification(projectId, key.kid, "valid");
    await flushUsage();
    expect(pendingUsage().counters).toBe(0);
    expect((await countsByResult(projectId)).totals).toEqual({ "valid|not-a-kid": 1, [`valid|${key.kid}`]: 1 });
  });
});
