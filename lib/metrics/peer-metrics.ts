import type pg from "pg";
import { getPool } from "@/lib/db";
import { getKeyCache, type KeyCacheStats } from "@/lib/verify/key-cache";
import { pendingUsage } from "@/lib/verify/usage-recorder";
import type { UsageBacklog } from "./collectors";
import { readHotPathMetrics, type HotPathSnapshot } from "./metrics";

// A thread that verifies beside the one serving /metrics (the INTERNAL_PORT listener,
// scripts/internal-api-worker.mjs) keeps its own hot-path counters, key cache, pool and
// usage backlog. /metrics reads each such peer's reading at scrape time and adds it to
// this thread's own, so the exposition describes the whole process. No prom-client here:
// the verifying thread loads this module and must stay lean.

export interface PoolReading {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  max: number;
}

/** What one verifying thread reports to /metrics. Plain data: it crosses threads. */
export interface MetricsReading {
  hotPath: HotPathSnapshot;
  keyCache: KeyCacheStats | null;
  pool: PoolReading | null;
  usage: UsageBacklog | null;
}

export type MetricsPeer = () => Promise<MetricsReading>;

const PEER_TIMEOUT_MS = 2_000;

// On globalThis: the server script registers peers and the /metrics route bundle reads them.
// Each peer maps to its latest reading (null until it has given one).
const globalForPeers = globalThis as unknown as { signetMetricsPeers?: Map<MetricsPeer, MetricsReading | null> };

function peers(): Map<MetricsPeer, MetricsReading | null> {
  globalForPeers.signetMetricsPeers ??= new Map();
  return globalForPeers.signetMetricsPeers;
}

export function addMetricsPeer(peer: MetricsPeer): () => void {
  peers().set(peer, null);
  return () => peers().delete(peer);
}

/**
 * Asks every peer for its reading. One that fails or does not answer in time keeps its
 * previous reading for this scrape: its counters must not seem to go back (Prometheus would
 * read a counter reset).
 */
export async function refreshPeerReadings(timeoutMs = PEER_TIMEOUT_MS): Promise<void> {
  await Promise.all(
    [...peers().keys()].map(async (peer) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
        timer.unref();
      });
      const reading = await Promise.race([peer().catch(() => null), late]).finally(() => clearTimeout(timer));
      if (reading && peers().has(peer)) peers().set(peer, reading);
    }),
  );
}

/** The peers' latest readings. */
export function peerReadings(): MetricsReading[] {
  return [...peers().values()].filter((reading): reading is MetricsReading => reading !== null);
}

export function poolReading(pool: pg.Pool): PoolReading {
  return { totalCount: pool.totalCount, idleCount: pool.idleCount, waitingCount: pool.waitingCount, max: pool.options.max ?? 0 };
}

/** The source's value, or null when it throws (not started yet, no DATABASE_URL). */
export function attempt<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** This thread's reading, for a peer's /metrics (a source not started yet reads as null). */
export function readLocalMetrics(): MetricsReading {
  const usage = attempt(pendingUsage);
  return {
    hotPath: readHotPathMetrics(),
    keyCache: attempt(() => getKeyCache().stats()),
    pool: attempt(() => poolReading(getPool())),
    usage: usage && {
      counters: usage.counters,
      lastUsed: usage.lastUsed,
      lastFlushAtMs: usage.lastFlushAtMs,
      flushFailures: usage.flushFailures,
      droppedTotal: usage.droppedTotal,
    },
  };
}

function sumBy<T>(items: readonly T[], key: (item: T) => string, count: (item: T) => number, make: (item: T, total: number) => T): T[] {
  const totals = new Map<string, { item: T; total: number }>();
  for (const item of items) {
    const entry = totals.get(key(item));
    if (entry) entry.total += count(item);
    else totals.set(key(item), { item, total: count(item) });
  }
  return [...totals.values()].map(({ item, total }) => make(item, total));
}

/** Counters added series by series; latency buckets added slot by slot. */
export function mergeHotPath(a: HotPathSnapshot, b: HotPathSnapshot): HotPathSnapshot {
  const latency = new Map(a.latency.map((series) => [series.endpoint, { ...series, buckets: [...series.buckets] }]));
  for (const series of b.latency) {
    const into = latency.get(series.endpoint);
    if (!into) {
      latency.set(series.endpoint, { ...series, buckets: [...series.buckets] });
      continue;
    }
    series.buckets.forEach((n, i) => (into.buckets[i] = (into.buckets[i] ?? 0) + n));
    into.count += series.count;
    into.sum += series.sum;
  }
  return {
    verifications: sumBy(
      [...a.verifications, ...b.verifications],
      (v) => `${v.endpoint} ${v.result}`,
      (v) => v.count,
      (v, count) => ({ ...v, count }),
    ),
    latency: [...latency.values()],
    rejections: sumBy(
      [...a.rejections, ...b.rejections],
      (r) => `${r.endpoint} ${r.code}`,
      (r) => r.count,
      (r, count) => ({ ...r, count }),
    ),
  };
}

/** Counts add up; listening only while every cache listens; suspect while any is. */
export function mergeKeyCacheStats(a: KeyCacheStats | null, b: KeyCacheStats | null): KeyCacheStats | null {
  if (!a || !b) return a ?? b;
  return {
    projects: a.projects + b.projects,
    unknownProjects: a.unknownProjects + b.unknownProjects,
    hits: a.hits + b.hits,
    misses: a.misses + b.misses,
    loads: a.loads + b.loads,
    loadFailures: a.loadFailures + b.loadFailures,
    evictions: a.evictions + b.evictions,
    listening: a.listening && b.listening,
    suspect: a.suspect || b.suspect,
  };
}

export function mergePool(a: PoolReading | null, b: PoolReading | null): PoolReading | null {
  if (!a || !b) return a ?? b;
  return { totalCount: a.totalCount + b.totalCount, idleCount: a.idleCount + b.idleCount, waitingCount: a.waitingCount + b.waitingCount, max: a.max + b.max };
}

/** Both known: combined; one known: that one; neither: undefined. */
const eitherOr = (combine: (x: number, y: number) => number) => (x: number | undefined, y: number | undefined) =>
  x === undefined || y === undefined ? (x ?? y) : combine(x, y);
const optionalSum = eitherOr((x, y) => x + y);
const optionalMin = eitherOr(Math.min);

/** Backlogs add up; the flush lag is the oldest thread's. */
export function mergeUsage(a: UsageBacklog | null, b: UsageBacklog | null): UsageBacklog | null {
  if (!a || !b) return a ?? b;
  return {
    counters: a.counters + b.counters,
    lastUsed: a.lastUsed + b.lastUsed,
    lastFlushAtMs: optionalMin(a.lastFlushAtMs, b.lastFlushAtMs),
    flushFailures: optionalSum(a.flushFailures, b.flushFailures),
    droppedTotal: optionalSum(a.droppedTotal, b.droppedTotal),
  };
}
