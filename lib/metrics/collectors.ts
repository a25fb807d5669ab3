import type { Registry } from "prom-client";
import type { KeyCacheStats } from "@/lib/verify/key-cache";
import { registerFamily, single } from "./family";
import type { HotPathSnapshot } from "./metrics";
import type { PoolReading } from "./peer-metrics";

// Metrics read at scrape time from what the process already keeps: the key cache's
// stats, the database pool, and the usage recorder's backlog. Nothing here touches
// the hot path or the database. A source that is not there (no DATABASE_URL yet, a
// recorder that does not report a field) leaves its metrics without samples.

export interface UsageBacklog {
  counters: number;
  lastUsed: number;
  /** When the recorder last wrote (or found nothing to write); absent on recorders that do not say. */
  lastFlushAtMs?: number;
  flushFailures?: number;
  droppedTotal?: number;
}

export interface MetricsSources {
  hotPath: () => HotPathSnapshot;
  keyCacheStats: () => KeyCacheStats | null;
  pool: () => PoolReading | null;
  usage: () => UsageBacklog | null;
}

function read<T>(source: () => T | null): T | null {
  try {
    return source();
  } catch {
    return null;
  }
}

function metric(registry: Registry, type: "counter" | "gauge", name: string, help: string, value: () => number | null | undefined) {
  registerFamily(registry, { name, help, type, values: () => single(value()) });
}

export function registerKeyCacheCollectors(registry: Registry, stats: MetricsSources["keyCacheStats"]): void {
  const field = (name: Exclude<keyof KeyCacheStats, "listening" | "suspect">) => () => read(stats)?.[name];
  const flag = (name: "listening" | "suspect") => () => {
    const value = read(stats)?.[name];
    return value === undefined ? undefined : Number(value);
  };
  metric(registry, "gauge", "signet_key_cache_projects", "Projects whose keys and policy are in memory (in each verifying thread's cache, added up).", field("projects"));
  metric(registry, "gauge", "signet_key_cache_unknown_projects", "Project ids remembered as unknown (for about a second each).", field("unknownProjects"));
  metric(registry, "counter", "signet_key_cache_hits_total", "Lookups answered from memory.", field("hits"));
  metric(registry, "counter", "signet_key_cache_misses_total", "Lookups that needed a database load.", field("misses"));
  metric(registry, "counter", "signet_key_cache_loads_total", "Project loads started (one per miss, shared by concurrent misses).", field("loads"));
  metric(registry, "counter", "signet_key_cache_load_failures_total", "Project loads that failed (database unreachable).", field("loadFailures"));
  metric(registry, "counter", "signet_key_cache_evictions_total", "Projects evicted to stay under the cache's size limit.", field("evictions"));
  metric(registry, "gauge", "signet_key_cache_listening", "1 while the LISTEN connection for other instances' changes is up.", flag("listening"));
  metric(
    registry,
    "gauge",
    "signet_key_cache_suspect",
    "1 while changes may have been missed (listener down); cleared by the full reload on reconnect.",
    flag("suspect"),
  );
}

export function registerPoolCollectors(registry: Registry, pool: MetricsSources["pool"]): void {
  metric(registry, "gauge", "signet_db_pool_connections", "Open connections in the database pool (idle and in use).", () => read(pool)?.totalCount);
  metric(registry, "gauge", "signet_db_pool_idle_connections", "Idle connections in the database pool.", () => read(pool)?.idleCount);
  metric(registry, "gauge", "signet_db_pool_waiting_clients", "Queries waiting for a free connection.", () => read(pool)?.waitingCount);
  metric(registry, "gauge", "signet_db_pool_max_connections", "The pools' size limit (DATABASE_POOL_SIZE per verifying thread: doubled with INTERNAL_PORT).", () => read(pool)?.max);
}

export function registerUsageCollectors(registry: Registry, usage: MetricsSources["usage"]): void {
  metric(registry, "gauge", "signet_usage_pending_counters", "Usage counters recorded in memory, not yet written to the database.", () => read(usage)?.counters);
  metric(registry, "gauge", "signet_usage_pending_last_used", "Keys whose last-used time is waiting to be written.", () => read(usage)?.lastUsed);
  metric(registry, "gauge", "signet_usage_flush_lag_seconds", "Seconds since usage was last written to the database while some is waiting; 0 when nothing is.", () => {
    const backlog = read(usage);
    if (!backlog || backlog.lastFlushAtMs === undefined) return undefined;
    if (backlog.counters === 0 && backlog.lastUsed === 0) return 0;
    return Math.max(0, (Date.now() - backlog.lastFlushAtMs) / 1000);
  });
  metric(registry, "counter", "signet_usage_flush_failures_total", "Usage writes that failed (their counts are kept and retried).", () => read(usage)?.flushFailures);
  metric(
    registry,
    "counter",
    "signet_usage_dropped_total",
    "Verifications whose usage count was dropped because the in-memory table was full.",
    () => read(usage)?.droppedTotal,
  );
}
