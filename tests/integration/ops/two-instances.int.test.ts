import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getPool } from "@/lib/db";
import { revokePublicKey } from "@/lib/keys/public-keys";
import type { KeyCache } from "@/lib/verify/key-cache";
import { addKey, newProjectWithKey, waitFor, type TestKey, type TestProject } from "../verify/verify-fixtures";
import { startInstance, type TestInstance } from "./instance";

// Two instances behind a load balancer share only PostgreSQL. Keys are added and revoked
// concurrently (domain functions and plain SQL) while both instances keep loading the
// project; both must end up with exactly the database's state within a second
// (PRODUCT.md: "on every other instance within 1 second").

const embedded = inject("databaseServerUrl") === "";

interface ProjectState {
  keys: Record<string, boolean>; // kid → revoked
  clockSkewSeconds: number;
}

// One key order for both sides: the waits compare JSON text, and concurrent adds can reach
// a cache in another order than the database lists them.
function sortedByKid(entries: Array<[string, boolean]>): Record<string, boolean> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function databaseState(projectId: string): Promise<ProjectState> {
  const keys = await getPool().query<{ kid: string; revoked: boolean }>(
    `SELECT "kid", "revokedAt" IS NOT NULL AS "revoked" FROM "PublicKey" WHERE "projectId" = $1`,
    [projectId],
  );
  const project = await getPool().query<{ clockSkewSeconds: number }>(`SELECT "clockSkewSeconds" FROM "Project" WHERE "id" = $1`, [projectId]);
  return { keys: sortedByKid(keys.rows.map((row) => [row.kid, row.revoked])), clockSkewSeconds: project.rows[0]!.clockSkewSeconds };
}

async function cachedState(cache: KeyCache, projectId: string): Promise<ProjectState | null> {
  const snapshot = await cache.get(projectId);
  if (!snapshot) return null;
  return {
    keys: sortedByKid([...snapshot.keysByKid.values()].map((key) => [key.kid, key.revoked])),
    clockSkewSeconds: snapshot.policy.clockSkewSeconds,
  };
}

/** Keeps both caches busy loading and answering the project, so changes land during loads. */
function hammer(caches: KeyCache[], projectId: string) {
  let running = true;
  let lookups = 0;
  const loops = caches.map(async (cache) => {
    while (running) {
      await cache.get(projectId).catch(() => null);
      lookups += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return lookups;
    },
  };
}

describe.skipIf(embedded)("two instances, concurrent key changes", () => {
  let a: TestInstance;
  let b: TestInstance;
  let project: TestProject & { key: TestKey };

  beforeAll(async () => {
    project = await newProjectWithKey("Two instances");
    a = await startInstance(inject("databaseUrl"));
    b = await startInstance(inject("databaseUrl"));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  async function expectConvergence(label: string) {
    const changedAt = Date.now();
    const expected = await databaseState(project.projectId);
    for (const [name, instance] of [["A", a], ["B", b]] as const) {
      const result = await waitFor(
        () => cachedState(instance.cache, project.projectId),
        (state) => JSON.stringify(state) === JSON.stringify(expected),
        3_000,
        10,
      );
      expect(result.value, `${label}: instance ${name} differs from the database`).toEqual(expected);
      expect(Date.now() - changedAt, `${label}: instance ${name} took too long`).toBeLessThan(1_000);
    }
  }

  it("both caches converge to the database within a second after each burst of changes", async () => {
    const keys: TestKey[] = [project.key];
    const revoked = new Set<string>();
    for (let round = 0; round < 3; round++) {
      const load = hammer([a.cache, b.cache], project.projectId);
      const [viaDomain, viaSql] = keys.filter((key) => !revoked.has(key.kid));
      const changes: Array<Promise<unknown>> = [
        // Adds through the domain function (the database trigger NOTIFYs).
        ...Array.from({ length: 3 }, () => addKey(project).then((key) => keys.push(key))),
        // A policy change by hand, as an operator would.
        getPool().query(`UPDATE "Project" SET "clockSkewSeconds" = $2 WHERE "id" = $1`, [project.projectId, 10 + round]),
      ];
      if (viaDomain) changes.push(revokePublicKey({ access: project.access, kid: viaDomain.kid, input: { reason: `round ${round}` } }));
      if (viaSql) changes.push(getPool().query(`UPDATE "PublicKey" SET "revokedAt" = now() WHERE "kid" = $1`, [viaSql.kid]));
      await Promise.all(changes);
      for (const key of [viaDomain, viaSql]) if (key) revoked.add(key.kid);
      await expectConvergence(`round ${round}`);
      expect(await load.stop()).toBeGreaterThan(0);
    }
    const final = await databaseState(project.projectId);
    expect(Object.keys(final.keys)).toHaveLength(10);
    expect(Object.entries(final.keys).filter(([, isRevoked]) => isRevoked).map(([kid]) => kid).sort()).toEqual([...revoked].sort());
  });

  it("a burst of revocations from both sides at once leaves no instance with a stale active key", async () => {
    const burst = await Promise.all(Array.from({ length: 6 }, () => addKey(project)));
    await expectConvergence("after adds");
    const load = hammer([a.cache, b.cache], project.projectId);
    await Promise.all(
      burst.map((key, i) =>
        i % 2 === 0
          ? revokePublicKey({ access: project.access, kid: key.kid })
          : getPool().query(`UPDATE "PublicKey" SET "revokedAt" = now() WHERE "kid" = $1 AND "revokedAt" IS NULL`, [key.kid]),
      ),
    );
    await expectConvergence("after revocations");
    await load.stop();
    for (const instance of [a, b]) {
      const snapshot = await instance.cache.get(project.projectId);
      for (const key of burst) expect(snapshot?.keysByKid.get(key.kid)?.revoked).toBe(true);
    }
  });
});
