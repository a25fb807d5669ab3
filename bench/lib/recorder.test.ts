import { describe, expect, it } from "vitest";
import { percentileOf, pooledLatencies, Recorder } from "./recorder.mjs";

describe("percentiles of the paced rounds", () => {
  it("takes the nearest rank of ascending latencies", () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileOf(sorted, 50)).toBe(50);
    expect(percentileOf(sorted, 99)).toBe(99);
    expect(percentileOf(sorted, 100)).toBe(100);
    expect(percentileOf(new Float64Array(0), 99)).toBeNull();
  });

  it("pools rounds so that one slow round weighs by its share of all requests", () => {
    const fast = new Float64Array(990).fill(1);
    const slow = Float64Array.from({ length: 10 }, (_, i) => 20 + i);
    const all = pooledLatencies([fast, slow]);
    expect(all).toHaveLength(1000);
    expect(percentileOf(all, 99)).toBe(1);
    expect(percentileOf(all, 99.5)).toBe(24);
    // Ascending whatever the order the rounds came in.
    expect(Array.from(pooledLatencies([slow, fast])).slice(-2)).toEqual([28, 29]);
  });

  it("hands the generator's latencies over as recorded", () => {
    const recorder = new Recorder();
    for (const ms of [3, 1, 2]) recorder.latency(ms);
    expect(Array.from(recorder.recorded())).toEqual([3, 1, 2]);
    expect(recorder.summary(1).p50).toBe(2);
  });
});
