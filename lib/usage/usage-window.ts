// The time buckets of a usage report, in UTC: pure, so the zero-filling is unit-tested.

export const USAGE_RANGES = ["24h", "30d"] as const;
export type UsageRange = (typeof USAGE_RANGES)[number];
export type Granularity = "hour" | "day";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const SHAPES: Record<UsageRange, { granularity: Granularity; stepMs: number; buckets: number }> = {
  "24h": { granularity: "hour", stepMs: HOUR_MS, buckets: 24 },
  "30d": { granularity: "day", stepMs: DAY_MS, buckets: 30 },
};

export function isUsageRange(value: unknown): value is UsageRange {
  return typeof value === "string" && (USAGE_RANGES as readonly string[]).includes(value);
}

export interface UsageWindow {
  granularity: Granularity;
  stepMs: number;
  /** Start of the first bucket (inclusive). */
  from: Date;
  /** End of the last bucket (exclusive): the end of the current hour or UTC day. */
  to: Date;
  /** Start of every bucket, oldest first; the last one holds `now`. */
  starts: number[];
}

/** The last 24 hours by hour, or the last 30 days by UTC day, both ending with the bucket that holds `now`. */
export function usageWindow(range: UsageRange, now: Date): UsageWindow {
  const { granularity, stepMs, buckets } = SHAPES[range];
  const nowMs = now.getTime();
  const toMs = nowMs - (((nowMs % stepMs) + stepMs) % stepMs) + stepMs;
  const fromMs = toMs - buckets * stepMs;
  const starts = Array.from({ length: buckets }, (_, i) => fromMs + i * stepMs);
  return { granularity, stepMs, from: new Date(fromMs), to: new Date(toMs), starts };
}

export interface BucketCount {
  /** Bucket start, epoch milliseconds. */
  startMs: number;
  result: string;
  count: number;
}

export interface UsageBucket {
  /** RFC 3339, UTC. */
  start: string;
  total: number;
  /** Every result of the report, 0 where nothing was counted. */
  counts: Record<string, number>;
}

/** One bucket per step of the window, in order, with a zero for every result not counted in it. */
export function fillBuckets(window: UsageWindow, results: readonly string[], rows: readonly BucketCount[]): UsageBucket[] {
  const byStart = new Map<number, Map<string, number>>();
  for (const row of rows) {
    const counts = byStart.get(row.startMs) ?? new Map<string, number>();
    counts.set(row.result, (counts.get(row.result) ?? 0) + row.count);
    byStart.set(row.startMs, counts);
  }
  return window.starts.map((startMs) => {
    const found = byStart.get(startMs);
    const counts: Record<string, number> = {};
    let total = 0;
    for (const result of results) {
      const count = found?.get(result) ?? 0;
      counts[result] = count;
      total += count;
    }
    return { start: new Date(startMs).toISOString(), total, counts };
  });
}
