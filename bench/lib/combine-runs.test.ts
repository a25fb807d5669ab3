import { describe, expect, it } from "vitest";
import { combineRuns } from "./combine-runs.mjs";

const paced = (p99: number, latencies: number[], extra = {}) => ({
  requests: latencies.length,
  seconds: 1,
  p50: 0,
  p99,
  latencies: Float64Array.from(latencies),
  serverCpuUsPerReq: 100,
  serverCores: 0.5,
  clientCores: null,
  non2xx: 0,
  wrong: 0,
  errors: 0,
  notSent: 0,
  generatorDelayP99: 1,
  ...extra,
});

describe("combineRuns", () => {
  it("takes paced rounds' percentiles over every latency, not the last round's", () => {
    const quiet = Array.from({ length: 100 }, () => 1);
    const slow = Array.from({ length: 100 }, (_, i) => (i < 10 ? 50 : 1));
    const combined = combineRuns([paced(1, quiet), paced(50, slow)]);
    expect(combined.requests).toBe(200);
    // 10 slow answers of 200: 5 % of them, so the pooled p99 is slow and p90 would not be.
    expect(combined.p99).toBe(50);
    expect(combined.p50).toBe(1);
    expect(combined.latencies).toBeUndefined();
  });

  it("keeps the last run's percentiles for runs without latencies (autocannon slices)", () => {
    const slice = (p99: number) => ({ requests: 10, seconds: 1, p50: 1, p99, serverCpuUsPerReq: 50, serverCores: 1, clientCores: 0.5 });
    const combined = combineRuns([slice(9), slice(3)]);
    expect(combined.p99).toBe(3);
    expect(combined.rps).toBe(10);
    expect(combined.clientCores).toBe(0.5);
  });

  it("sums what every round measured, and leaves out what one round could not read", () => {
    const combined = combineRuns([
      paced(1, [1], { otherCpuMs: 30, stealMs: 5, serverRunQueueMs: 200, generatorDelayP99: 1.2, notSent: 2 }),
      paced(1, [1], { otherCpuMs: 10, stealMs: 0, generatorDelayP99: 3.4, notSent: 1 }),
    ]);
    expect(combined.otherCpuMs).toBe(40);
    expect(combined.stealMs).toBe(5);
    expect(combined.serverRunQueueMs).toBeUndefined();
    expect(combined.generatorDelayP99).toBe(3.4);
    expect(combined.notSent).toBe(3);
    // A spinning generator's CPU says nothing: null, not 0.
    expect(combined.clientCores).toBeNull();
  });
});
