import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { getPool, getPrisma } from "@/lib/db";
import { createKeyCache, getKeyCache, type KeyCache } from "@/lib/verify/key-cache";
import { loadProjectSnapshot } from "@/lib/verify/load-project-snapshot";
import { handleVerifyRequest } from "@/lib/verify/verify-service";
import { TcpProxy } from "./tcp-proxy";
import { GATEWAY, newProjectWithKey, signToken, waitFor, type TestKey, type TestProject } from "./verify-fixtures";

const embedded = inject("databaseServerUrl") === "";
const databaseUrl = () => inject("databaseUrl");

/** One verify request against a given cache instance, answered as parsed JSON. */
async function verifyWith(cache: KeyCache, body: Record<string, unknown>) {
  const res = await handleVerifyRequest({ headers: GATEWAY, bodyText: JSON.stringify(body), cache });
  return { status: res.status, json: JSON.parse(res.body) };
}

const reasonOf = (json: any) => (json.valid ? "valid" : json.error?.reason ?? json.error?.code);

function newPool(connectionString: string) {
  const pool = new pg.Pool({ connectionString, max: 3, connectionTimeoutMillis: 1_000 });
  pool.on("error", () => {});
  return pool;
}

async function listening(cache: KeyCache) {
  const { timedOut } = await waitFor(async () => cache.stats().listening, Boolean, 5_000, 20);
  expect(timedOut).toBeUndefined();
}

const instances: Array<{ cache: KeyCache; pool: pg.Pool }> = [];
async function secondInstance(connectionString: string) {
  const pool = newPool(connectionString);
  const cache = createKeyCache({ pool, listen: true, connectionString });
  instances.push({ cache, pool });
  await listening(cache);
  return cache;
}

afterEach(async () => {
  for (const { cache, pool } of instances.splice(0)) {
    await cache.close();
    await pool.end().catch(() => {});
  }
});

describe("key cache: loading", () => {
  it("shares one load between concurrent misses and answers later hits without the database", async () => {
    const project = await newProjectWithKey("Shared load");
    let loads = 0;
    const cache = createKeyCache({
      pool: getPool(),
      load: (pool, id) => {
        loads += 1;
        return loadProjectSnapshot(pool, id);
      },
    });
    const token = await signToken(project.key);
    const answers = await Promise.all(Array.from({ length: 20 }, () => verifyWith(cache, { project: project.projectId, token })));
    expect(answers.every((a) => a.json.valid === true)).toBe(true);
    expect(loads).toBe(1);
    const hit = handleVerifyRequest({ headers: GATEWAY, bodyText: JSON.stringify({ project: project.projectId, token }), cache });
    expect(hit).not.toBeInstanceOf(Promise);
    expect(loads).toBe(1);
    await cache.close();
  });

  it("remembers an unknown project for about a second, then finds it once created", async () => {
    let loads = 0;
    const cache = createKeyCache({
      pool: getPool(),
      unknownProjectTtlMs: 300,
      load: (pool, id) => {
        loads += 1;
        return loadProjectSnapshot(pool, id);
      },
    });
    const unknown = randomUUID();
    for (let i = 0; i < 50; i++) expect(reasonOf((await verifyWith(cache, { project: unknown })).json)).toBe("unknown_project");
    expect(loads).toBe(1);
    for (let i = 0; i < 50; i++) await verifyWith(cache, { project: "not-a-uuid" });
    expect(loads).toBe(1);

    // A project created after it was looked up (creation does not NOTIFY) is found once the entry expires.
    const laterId = randomUUID();
    expect(reasonOf((await verifyWith(cache, { project: laterId })).json)).toBe("unknown_project");
    await getPrisma().project.create({ data: { id: laterId, name: "Created later" } });
    expect(reasonOf((await verifyWith(cache, { project: laterId })).json)).toBe("unknown_project");
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await verifyWith(cache, { project: laterId })).json).toEqual({ valid: true, enforced: false, projectId: laterId });
    await cache.close();
  });

  it("answers 503 service_unavailable for an uncached project when the database cannot be reached", async () => {
    const pool = newPool("postgresql://postgres@127.0.0.1:1/none");
    const cache = createKeyCache({ pool });
    const res = await handleVerifyRequest({ headers: GATEWAY, bodyText: JSON.stringify({ project: randomUUID() }), cache });
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ error: { code: "service_unavailable", message: expect.any(String) } });
    await cache.close();
    await pool.end();
  });
});

describe.skipIf(embedded)("key cache: invalidation across instances (PostgreSQL NOTIFY)", () => {
  let project: TestProject & { key: TestKey };
  beforeAll(async () => {
    project = await newProjectWithKey("Cross instance");
  });

  it("a revocation made elsewhere reaches a second instance within a second", async () => {
    const second = await secondInstance(databaseUrl());
    const token = await signToken(project.key);
    expect((await verifyWith(getKeyCache(), { project: project.projectId, token })).json.valid).toBe(true);
    expect((await verifyWith(second, { project: project.projectId, token })).json.valid).toBe(true);

    // A direct UPDATE: only the database trigger's NOTIFY tells the instances.
    await getPool().query(`UPDATE "PublicKey" SET "revokedAt" = now() WHERE "kid" = $1`, [project.key.kid]);
    const result = await waitFor(
      () => verifyWith(second, { project: project.projectId, token }),
      (res) => reasonOf(res.json) === "revoked_key",
      2_000,
    );
    expect(reasonOf(result.value.json)).toBe("revoked_key");
    expect(result.elapsedMs).toBeLessThan(1_000);
    const local = await waitFor(
      () => verifyWith(getKeyCache(), { project: project.projectId, token }),
      (res) => reasonOf(res.json) === "revoked_key",
      2_000,
    );
    expect(local.elapsedMs).toBeLessThan(1_000);
  });

  it("a policy change and a project deletion reach a second instance too", async () => {
    const target = await newProjectWithKey("Cross policy");
    const second = await secondInstance(databaseUrl());
    expect(reasonOf((await verifyWith(second, { project: target.projectId })).json)).toBe("missing_token");
    await getPool().query(`UPDATE "Project" SET "enforce" = false WHERE "id" = $1`, [target.projectId]);
    const relaxed = await waitFor(() => verifyWith(second, { project: target.projectId }), (res) => res.json.valid === true, 2_000);
    expect(relaxed.elapsedMs).toBeLessThan(1_000);
    await getPool().query(`DELETE FROM "Project" WHERE "id" = $1`, [target.projectId]);
    const gone = await waitFor(
      () => verifyWith(second, { project: target.projectId }),
      (res) => reasonOf(res.json) === "unknown_project",
      2_000,
    );
    expect(gone.elapsedMs).toBeLessThan(1_000);
  });
});

describe.skipIf(embedded)("key cache: database outage", () => {
  const proxies: TcpProxy[] = [];
  afterAll(async () => {
    for (const proxy of proxies) await proxy.stop();
  });

  it("keeps verifying cached projects, answers 503 for others, and reloads everything once back", async () => {
    const cached = await newProjectWithKey("Outage cached");
    const uncached = await newProjectWithKey("Outage uncached");
    const target = new URL(databaseUrl());
    const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    proxies.push(proxy);
    await proxy.start();
    const cache = await secondInstance(proxy.urlFor(databaseUrl()));
    const token = await signToken(cached.key);
    const other = await signToken(uncached.key);
    expect((await verifyWith(cache, { project: cached.projectId, token })).json.valid).toBe(true);

    await proxy.stop();
    await waitFor(async () => cache.stats().listening, (up) => !up, 2_000, 10);
    expect(cache.stats().suspect).toBe(true);
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      const res = await verifyWith(cache, { project: cached.projectId, token });
      expect(res.status).toBe(200);
      expect(res.json.valid).toBe(true);
    }
    expect((await verifyWith(cache, { project: uncached.projectId, token: other })).status).toBe(503);

    // Missed while the listener is down: no NOTIFY will ever reach this instance for it.
    await getPool().query(`UPDATE "PublicKey" SET "revokedAt" = now() WHERE "kid" = $1`, [cached.key.kid]);
    expect((await verifyWith(cache, { project: cached.projectId, token })).json.valid).toBe(true);

    await proxy.start();
    const revoked = await waitFor(
      () => verifyWith(cache, { project: cached.projectId, token }),
      (res) => reasonOf(res.json) === "revoked_key",
      8_000,
    );
    expect(reasonOf(revoked.value.json)).toBe("revoked_key");
    expect(cache.stats()).toMatchObject({ listening: true, suspect: false });
    const recovered = await waitFor(
      () => verifyWith(cache, { project: uncached.projectId, token: other }),
      (res) => res.status === 200,
      3_000,
    );
    expect(recovered.value.json.valid).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe.skipIf(embedded)("key cache: its connections killed by pg_terminate_backend", () => {
  it("keeps verifying from memory, reconnects by itself, and applies changes made meanwhile", async () => {
    const project = await newProjectWithKey("terminated");
    const url = new URL(databaseUrl());
    url.searchParams.set("application_name", "signet-terminate-test");
    const cache = await secondInstance(url.toString());
    const token = await signToken(project.key);
    expect((await verifyWith(cache, { project: project.projectId, token })).json.valid).toBe(true);

    const killed = await getPool().query(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'signet-terminate-test'`,
    );
    expect(killed.rows[0].n).toBeGreaterThanOrEqual(1);
    // Cached: answered from memory while the connections are gone.
    for (let i = 0; i < 5; i++) expect((await verifyWith(cache, { project: project.projectId, token })).json.valid).toBe(true);
    // A revocation while its LISTEN connection may still be down is applied once it is back (full reload).
    await getPool().query(`UPDATE "PublicKey" SET "revokedAt" = now() WHERE "kid" = $1`, [project.key.kid]);
    const result = await waitFor(
      () => verifyWith(cache, { project: project.projectId, token }),
      (res) => reasonOf(res.json) === "revoked_key",
      10_000,
      100,
    );
    expect(reasonOf(result.value.json)).toBe("revoked_key");
    await listening(cache);
  });
});
