import { describe, expect, it } from "vitest";
import { compareResults } from "./usage-results";
import { fillBuckets, isUsageRange, usageWindow } from "./usage-window";

const NOW = new Date("2026-03-10T14:35:12.345Z");

describe("usageWindow", () => {
  it("covers the last 24 hours by hour, ending with the hour that holds now", () => {
    const window = usageWindow("24h", NOW);
    expect(window.granularity).toBe("hour");
    expect(window.from.toISOString()).toBe("2026-03-09T15:00:00.000Z");
    expect(window.to.toISOString()).toBe("2026-03-10T15:00:00.000Z");
    expect(window.starts).toHaveLength(24);
    expect(new Date(window.starts.at(-1)!).toISOString()).toBe("2026-03-10T14:00:00.000Z");
  });

  it("covers the last 30 UTC days by day, ending with today", () => {
    const window = usageWindow("30d", NOW);
    expect(window.granularity).toBe("day");
    expect(window.from.toISOString()).toBe("2026-02-09T00:00:00.000Z");
    expect(window.to.toISOString()).toBe("2026-03-11T00:00:00.000Z");
    expect(window.starts).toHaveLength(30);
    expect(new Date(window.starts[0]!).toISOString()).toBe("2026-02-09T00:00:00.000Z");
  });

  it("puts an instant on a bucket boundary in the bucket it starts", () => {
    const window = usageWindow("24h", new Date("2026-03-10T14:00:00.000Z"));
    expect(new Date(window.starts.at(-1)!).toISOString()).toBe("2026-03-10T14:00:00.000Z");
  });

  it("accepts only the two ranges", () => {
    expect(["24h", "30d"].every(isUsageRange)).toBe(true);
    expect(["7d", "", null, 24].some(isUsageRange)).toBe(false);
  });
});

describe("fillBuckets", () => {
  it("zero-fills every bucket and every result, and adds up duplicate rows", () => {
    const window = usageWindow("24h", NOW);
    const last = window.starts.at(-1)!;
    const first = window.starts[0]!;
    const buckets = fillBuckets(window, ["valid", "expired_token"], [
      { startMs: last, result: "valid", count: 5 },
      { startMs: last, result: "expired_token", count: 2 },
      { startMs: first, result: "valid", count: 1 },
      { startMs: first, result: "valid", count: 1 },
    ]);
    expect(buckets).toHaveLength(24);
    expect(buckets[0]).toEqual({ start: "2026-03-09T15:00:00.000Z", total: 2, counts: { valid: 2, expired_token: 0 } });
    expect(buckets[1]).toEqual({ start: "2026-03-09T16:00:00.000Z", total: 0, counts: { valid: 0, expired_token: 0 } });
    expect(buckets[23]).toEqual({ start: "2026-03-10T14:00:00.000Z", total: 7, counts: { valid: 5, expired_token: 2 } });
  });

  it("ignores rows outside the window", () => {
    const window = usageWindow("24h", NOW);
    const buckets = fillBuckets(window, ["valid"], [{ startMs: window.from.getTime() - 3_600_000, result: "valid", count: 9 }]);
    expect(buckets.every((bucket) => bucket.total === 0)).toBe(true);
  });
});

describe("compareResults", () => {
  it("orders valid first, then reasons in check order, then unknown results by name", () => {
    expect(["zeta", "expired_token", "missing_token", "valid", "alpha"].sort(compareResults)).toEqual([
      "valid",
      "missing_token",
      "expired_token",
      "alpha",
      "zeta",
    ]);
  });
});
