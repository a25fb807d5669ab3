import { describe, expect, it } from "vitest";
import type { KeyCacheStats } from "@/lib/verify/key-cache";
import type { HotPathSnapshot } from "./metrics";
import { addMetricsPeer, mergeHotPath, mergeKeyCacheStats, mergePool, mergeUsage, peerReadings, refreshPeerReadings, type MetricsReading } from "./peer-metrics";

const stats = (overrides: Partial<KeyCacheStats> = {}): KeyCacheStats => ({
  projects: 1,
  unknownProjects: 0,
  hits: 10,
  misses: 1,
  loads: 1,
  loadFailures: 0,
  evictions: 0,
  listening: true,
  suspect: false,
  ...overrides,
});

const reading = (hits: number): MetricsReading => ({
  hotPath: { verifications: [], latency: [], rejections: [] },
  keyCache: stats({ hits }),
  pool: null,
  usage: null,
});

describe("mergeHotPath", () => {
  it("adds counters series by series and latency slot by slot", () => {
    const a: HotPathSnapshot = {
      verifications: [{ endpoint: "verify", result: "valid", count: 3 }],
      latency: [
        { endpoint: "verify", buckets: [1, 2, 0], count: 3, sum: 0.5 },
        { endpoint: "forward_auth", buckets: [0, 0, 0], count: 0, sum: 0 },
      ],
      rejections: [{ endpoint: "verify", code: "bad_request", count: 1 }],
    };
    const b: HotPathSnapshot = {
      verifications: [
        { endpoint: "verify", result: "valid", count: 4 },
        { endpoint: "verify", result: "expired_token", count: 2 },
      ],
      latency: [
        { endpoint: "verify", buckets: [0, 5, 1], count: 6, sum: 1.25 },
        { endpoint: "forward_auth", buckets: [1, 0, 0], count: 1, sum: 0.1 },
      ],
      rejections: [{ endpoint: "forward_auth", code: "gateway_unauthorized", count: 5 }],
    };
    const merged = mergeHotPath(a, b);
    expect(merged.verifications).toEqual([
      { endpoint: "verify", result: "valid", count: 7 },
      { endpoint: "verify", result: "expired_token", count: 2 },
    ]);
    expect(merged.latency).toEqual([
      { endpoint: "verify", buckets: [1, 7, 1], count: 9, sum: 1.75 },
      { endpoint: "forward_auth", buckets: [1, 0, 0], count: 1, sum: 0.1 },
    ]);
    expect(merged.rejections).toEqual([
      { endpoint: "verify", code: "bad_request", count: 1 },
      { endpoint: "forward_auth", code: "gateway_unauthorized", count: 5 },
    ]);
    // The inputs are left alone (the next scrape merges them again).
    expect(a.latency[0]!.buckets).toEqual([1, 2, 0]);
    expect(a.verifications[0]!.count).toBe(3);
  });
});

describe("merging the other sources", () => {
  it("adds key cache counts; listening only while both listen, suspect while either is", () => {
    expect(mergeKeyCacheStats(stats(), stats({ projects: 4, hits: 5, listening: false, suspect: true }))).toEqual(
      stats({ projects: 5, hits: 15, misses: 2, loads: 2, listening: false, suspect: true }),
    );
    expect(mergeKeyCacheStats(null, stats())).toEqual(stats());
    expect(mergeKeyCacheStats(stats(), null)).toEqual(stats());
  });

  it("adds pools and usage backlogs; the flush lag is the oldest", () => {
    expect(mergePool({ totalCount: 2, idleCount: 1, waitingCount: 0, max: 10 }, { totalCount: 3, idleCount: 3, waitingCount: 1, max: 10 })).toEqual({
      totalCount: 5,
      idleCount: 4,
      waitingCount: 1,
      max: 20,
    });
    expect(mergeUsage({ counters: 2, lastUsed: 1, lastFlushAtMs: 2_000, flushFailures: 1 }, { counters: 3, lastUsed: 0, lastFlushAtMs: 1_000, droppedTotal: 4 })).toEqual({
      counters: 5,
      lastUsed: 1,
      lastFlushAtMs: 1_000,
      flushFailures: 1,
      droppedTotal: 4,
    });
  });
});

describe("peers", () => {
  it("reads every peer at scrape time; one that fails or is late keeps its previous reading, so counters never go back", async () => {
    let answer: "now" | "fail" | "never" = "now";
    let hits = 1;
    const changing = () => {
      if (answer === "fail") return Promise.reject(new Error("gone"));
      if (answer === "never") return new Promise<MetricsReading>(() => {});
      return Promise.resolve(reading(hits));
    };
    const removers = [addMetricsPeer(changing), addMetricsPeer(() => new Promise<MetricsReading>(() => {})), addMetricsPeer(async () => reading(100))];
    try {
      await refreshPeerReadings(50);
      // The peer that never answered has no reading yet: it is left out.
      expect(peerReadings().map((peer) => peer.keyCache?.hits)).toEqual([1, 100]);
      hits = 5;
      await refreshPeerReadings(50);
      expect(peerReadings().map((peer) => peer.keyCache?.hits)).toEqual([5, 100]);
      hits = 9;
      for (const mode of ["fail", "never"] as const) {
        answer = mode;
        await refreshPeerReadings(50);
        expect(peerReadings().map((peer) => peer.keyCache?.hits), mode).toEqual([5, 100]);
      }
      answer = "now";
      await refreshPeerReadings(50);
      expect(peerReadings().map((peer) => peer.keyCache?.hits)).toEqual([9, 100]);
    } finally {
      for (const remove of removers) remove();
    }
    expect(peerReadings()).toEqual([]);
  });
});
