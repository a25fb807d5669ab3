import { collectDefaultMetrics, Registry } from "prom-client";
import { getPool } from "@/lib/db";
import { getKeyCache } from "@/lib/verify/key-cache";
import { pendingUsage } from "@/lib/verify/usage-recorder";
import { registerKeyCacheCollectors, registerPoolCollectors, registerUsageCollectors, type MetricsSources } from "./collectors";
import { registerHotPathFamilies } from "./hot-path-families";
import { readHotPathMetrics } from "./metrics";
import { attempt, mergeHotPath, mergeKeyCacheStats, mergePool, mergeUsage, peerReadings, poolReading, refreshPeerReadings, type MetricsReading } from "./peer-metrics";

// The process's Prometheus registry: the verification hot path's counters, the key
// cache, the database pool, the usage backlog, and Node's process metrics. Labels are
// fixed enumerations (endpoint, result, code): no project id, kid, token or address.

/** This thread's value (null when its source is not started), then each peer's added to it. */
function withPeers<T>(own: () => T | null, peerValue: (reading: MetricsReading) => T | null, merge: (a: T | null, b: T | null) => T | null): () => T | null {
  return () => peerReadings().reduce((value, reading) => merge(value, peerValue(reading)), attempt(own));
}

export const DEFAULT_SOURCES: MetricsSources = {
  keyCacheStats: withPeers(() => getKeyCache().stats(), (reading) => reading.keyCache, mergeKeyCacheStats),
  pool: withPeers(() => poolReading(getPool()), (reading) => reading.pool, mergePool),
  usage: withPeers(() => pendingUsage(), (reading) => reading.usage, mergeUsage),
  hotPath: () => peerReadings().reduce((total, reading) => mergeHotPath(total, reading.hotPath), readHotPathMetrics()),
};

export interface MetricsRegistryOptions {
  sources?: Partial<MetricsSources>;
  /** Node's process metrics (CPU, memory, event loop delay, GC); on for the process registry. */
  processMetrics?: boolean;
}

/** A registry over the given sources (tests point one at a second cache or pool). */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const sources = { ...DEFAULT_SOURCES, ...options.sources };
  const registry = new Registry();
  registerHotPathFamilies(registry, sources.hotPath);
  registerKeyCacheCollectors(registry, sources.keyCacheStats);
  registerPoolCollectors(registry, sources.pool);
  registerUsageCollectors(registry, sources.usage);
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}

const globalForRegistry = globalThis as unknown as { signetMetricsRegistry?: Registry };

/** This process's registry, made once (Next's route bundles and dev reloads share it). */
export function getMetricsRegistry(): Registry {
  globalForRegistry.signetMetricsRegistry ??= createMetricsRegistry({ processMetrics: true });
  return globalForRegistry.signetMetricsRegistry;
}

/** The exposition: Prometheus text format 0.0.4. */
export async function renderMetrics(registry: Registry = getMetricsRegistry()): Promise<{ contentType: string; body: string }> {
  await refreshPeerReadings();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
