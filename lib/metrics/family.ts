import type { Metric, Registry } from "prom-client";

// Signet's metric families are read from state the process already keeps (typed arrays
// on the hot path, the key cache's stats, the pool) when /metrics is scraped. prom-client's
// Counter/Gauge/Histogram take one observation at a time, and a label-less one always
// reports a value (0 when unknown); these report exactly what the source says, or nothing.

export interface SampleValue {
  value: number;
  labels: Record<string, string | number>;
  /** For a histogram's `_bucket`, `_sum` and `_count` lines. */
  metricName?: string;
}

export interface FamilySpec {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  /** The samples right now; [] leaves the family without samples (source unknown). */
  values: () => SampleValue[];
}

/** Registers a family read at scrape time. The registry only calls name, get() and reset() on it. */
export function registerFamily(registry: Registry, spec: FamilySpec): void {
  const family = {
    name: spec.name,
    help: spec.help,
    type: spec.type,
    aggregator: "sum" as const,
    async get() {
      return { name: spec.name, help: spec.help, type: spec.type, aggregator: "sum" as const, values: spec.values() };
    },
    reset() {
      // The values belong to their sources, not to the registry: nothing to reset.
    },
  };
  registry.registerMetric(family as unknown as Metric);
}

/** One label-less sample, or none when the value is unknown. */
export function single(value: number | null | undefined): SampleValue[] {
  return value === null || value === undefined || Number.isNaN(value) ? [] : [{ labels: {}, value }];
}
