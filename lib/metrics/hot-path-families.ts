import type { Registry } from "prom-client";
import { registerFamily, type SampleValue } from "./family";
import { LATENCY_BUCKETS, readHotPathMetrics, type HotPathSnapshot } from "./metrics";

// The verification hot path's counters (lib/metrics/metrics.ts) as metric families.

function latencySamples(snapshot: HotPathSnapshot): SampleValue[] {
  const name = "signet_verification_duration_seconds";
  const samples: SampleValue[] = [];
  for (const { endpoint, buckets, count, sum } of snapshot.latency) {
    let cumulative = 0;
    LATENCY_BUCKETS.forEach((le, i) => {
      cumulative += buckets[i] ?? 0;
      samples.push({ metricName: `${name}_bucket`, labels: { endpoint, le }, value: cumulative });
    });
    samples.push({ metricName: `${name}_bucket`, labels: { endpoint, le: "+Inf" }, value: count });
    samples.push({ metricName: `${name}_sum`, labels: { endpoint }, value: sum });
    samples.push({ metricName: `${name}_count`, labels: { endpoint }, value: count });
  }
  return samples;
}

export function registerHotPathFamilies(registry: Registry, read: () => HotPathSnapshot = readHotPathMetrics): void {
  registerFamily(registry, {
    name: "signet_verifications_total",
    help: "Verdicts given by the verification API, by endpoint and result (valid or the failure reason).",
    type: "counter",
    values: () => read().verifications.map(({ endpoint, result, count }) => ({ labels: { endpoint, result }, value: count })),
  });
  registerFamily(registry, {
    name: "signet_verification_duration_seconds",
    help: "Server time of a verdict, from the request's start to its answer (cache misses include the database load).",
    type: "histogram",
    values: () => latencySamples(read()),
  });
  registerFamily(registry, {
    name: "signet_verify_rejections_total",
    help: "Verification API answers that are not a verdict: bad or oversized requests, bad gateway keys, rate limits, database unavailable, internal errors.",
    type: "counter",
    values: () => read().rejections.map(({ endpoint, code, count }) => ({ labels: { endpoint, code }, value: count })),
  });
}
