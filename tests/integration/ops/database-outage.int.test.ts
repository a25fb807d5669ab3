import type pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { getPool, getPrisma } from "@/lib/db";
import { readiness } from "@/lib/health";
import { poolReading } from "@/lib/metrics/peer-metrics";
import { createMetricsRegistry, renderMetrics } from "@/lib/metrics/registry";
import { flushUsage, pendingUsage, startUsageFlusher, stopUsageFlusher } from "@/lib/verify/usage-recorder";
import { handleVerifyRequest } from "@/lib/verify/verify-service";
import { TcpProxy } from "../verify/tcp-proxy";
import { GATEWAY, newProjectWithKey, signToken, waitFor } from "../verify/verify-fixtures";
import { startInstance, type TestInstance } from "./instance";
import { parseExposition, valueOf } from "./prometheus-text";

// PRODUCT.md "Hot path and scale": with the database gone, cached projects keep verifying;
// everything recovers by itself. tests/integration/verify/key-cache.int.test.ts already covers
// 503 for uncached projects and the revocation missed during an outage applying after it;
// this adds a sustained outage under load, readiness, the usage backlog and the metrics.

const embedded = inject("databaseServerUrl") === "";
const OUTAGE_MS = 3_000;

/** readiness() reads the process pool; point it at the instance's pool for one call. */
async function readinessOf(pool: pg.Pool) {
  const holder = globalThis as unknown as { signetPool?: pg.Pool };
  const processPool = holder.signetPool;
  holder.signetPool = pool;
  try {
    return await readiness();
  } finally {
    holder.signetPool = processPool;
  }
}

async function usageCount(projectId: string): Promise<number> {
  const sum = await getPrisma().usageCounter.aggregate({ where: { projectId }, _sum: { count: true } });
  return Number(sum._sum.count ?? 0);
}

describe.skipIf(embedded)("a database outage of a few seconds", () => {
  let proxy: TcpProxy | undefined;
  let instance: TestInstance | undefined;
  afterAll(async () => {
    startUsageFlusher(getPool);
    stopUsageFlusher();
    await instance?.close();
    await proxy?.stop();
  });

  it("keeps answering cached projects with no error, reports not ready, and recovers by itself with no usage lost", async () => {
    const project = await newProjectWithKey("Outage under load");
    const target = new URL(inject("databaseUrl"));
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.start();
    instance = await startInstance(proxy.urlFor(inject("databaseUrl")));
    const { cache, pool } = instance;
    // This instance's usage goes through the proxy too.
    startUsageFlusher(() => pool);
    const metrics = createMetricsRegistry({ sources: { keyCacheStats: () => cache.stats(), pool: () => poolReading(pool), usage: () => pendingUsage() } });
    const scrape = async () => parseExposition((await renderMetrics(metrics)).body).samples;

    const token = await signToken(project.key);
    const body = JSON.stringify({ project: project.projectId, token });
    let answered = 0;
    const verifyOnce = () => {
      const res = handleVerifyRequest({ headers: GATEWAY, bodyText: body, cache });
      // From memory the answer is synchronous: it cannot be waiting on the database.
      expect(res, "a cached project's answer waited on the database").not.toBeInstanceOf(Promise);
      const answer = res as Exclude<typeof res, Promise<unknown>>;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).valid).toBe(true);
      answered += 1;
    };
    expect(JSON.parse((await handleVerifyRequest({ headers: GATEWAY, bodyText: body, cache })).body).valid).toBe(true);
    answered += 1;
    await flushUsage();
    expect(await usageCount(project.projectId)).toBe(1);
    expect((await readinessOf(pool)).ready).toBe(true);

    // The database goes away for OUTAGE_MS while verifications keep coming.
    await proxy.stop();
    const down = Date.now();
    const readinessSeen: boolean[] = [];
    while (Date.now() - down < OUTAGE_MS) {
      for (let i = 0; i < 20; i++) verifyOnce();
      if (readinessSeen.length < Math.floor((Date.now() - down) / 500)) readinessSeen.push((await readinessOf(pool)).ready);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(readinessSeen.length).toBeGreaterThanOrEqual(4);
    expect(readinessSeen.every((ready) => ready === false)).toBe(true);
    expect(await readinessOf(pool)).toEqual({ ready: false, database: "unreachable", pendingMigrations: [] });
    // The counts are waiting in memory; the flushes so far failed.
    expect(pendingUsage().counters).toBeGreaterThan(0);
    expect(await usageCount(project.projectId)).toBe(1);
    const during = await scrape();
    expect(valueOf(during, "signet_key_cache_listening")).toBe(0);
    expect(valueOf(during, "signet_key_cache_suspect")).toBe(1);
    expect(valueOf(during, "signet_usage_pending_counters")).toBeGreaterThan(0);
    const lagHint = "usage-recorder's pendingUsage() must report lastFlushAtMs / flushFailures (see the ops report)";
    expect(valueOf(during, "signet_usage_flush_failures_total"), lagHint).toBeGreaterThanOrEqual(1);
    expect(valueOf(during, "signet_usage_flush_lag_seconds"), lagHint).toBeGreaterThan(1);

    // Back: nothing is restarted, nothing is called by hand.
    await proxy.start();
    const back = Date.now();
    const ready = await waitFor(() => readinessOf(pool), (state) => state.ready, 10_000, 100);
    expect(ready.timedOut).toBeUndefined();
    const relistened = await waitFor(async () => cache.stats(), (stats) => stats.listening && !stats.suspect, 10_000, 50);
    expect(relistened.timedOut, "the cache did not LISTEN again").toBeUndefined();
    // The periodic flusher writes the backlog: every verification answered is counted once.
    const flushed = await waitFor(() => usageCount(project.projectId), (count) => count === answered, 10_000, 100);
    expect(flushed.value).toBe(answered);
    expect(answered).toBeGreaterThan(100);
    // After the full reload the project is loaded again through the recovered pool.
    expect(JSON.parse((await handleVerifyRequest({ headers: GATEWAY, bodyText: body, cache })).body).valid).toBe(true);
    const after = await scrape();
    expect(valueOf(after, "signet_key_cache_listening")).toBe(1);
    expect(valueOf(after, "signet_key_cache_suspect")).toBe(0);
    expect(valueOf(after, "signet_db_pool_connections")).toBeGreaterThanOrEqual(1);
    expect(Date.now() - back).toBeLessThan(10_000);
  });
});
