import type pg from "pg";
import { getPool } from "@/lib/db";
import { logger } from "@/lib/logger";

// Verification counts per project, key, hour and result, kept in memory and written
// in one batched statement every few seconds — never a write per verification.

export const VALID_RESULT = "valid";
const HOUR_MS = 3_600_000;
const FLUSH_INTERVAL_MS = 2_000;
const MAX_COUNTER_ENTRIES = 100_000;
const MAX_LAST_USED_ENTRIES = 100_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface LastUse {
  projectId: string;
  atMs: number;
}

interface UsageState {
  /** SIGNET_DISABLE_USAGE=1: count nothing (the bench measures what counting costs). */
  disabled: boolean;
  /** `${projectId}|${kid}|${hourStartMs}|${result}` → count. */
  counts: Map<string, number>;
  /** kid → the latest valid verification with it. */
  lastUsed: Map<string, LastUse>;
  dropped: number;
  /** Since the process started, for /metrics. */
  droppedTotal: number;
  flushFailures: number;
  /** When the last flush wrote its batch, or found nothing to write. */
  lastFlushAtMs: number;
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
  pool: (() => pg.Pool) | null;
}

const globalForUsage = globalThis as unknown as { signetUsage?: UsageState };

function state(): UsageState {
  globalForUsage.signetUsage ??= {
    disabled: process.env.SIGNET_DISABLE_USAGE === "1",
    counts: new Map(),
    lastUsed: new Map(),
    dropped: 0,
    droppedTotal: 0,
    flushFailures: 0,
    lastFlushAtMs: Date.now(),
    timer: null,
    flushing: null,
    pool: null,
  };
  return globalForUsage.signetUsage;
}

/**
 * Counts one verification: O(1), synchronous, no I/O. `result` is "valid" or a failure
 * reason; `kid` is "" when no key was resolved (including projects not enforcing).
 */
export function recordVerification(projectId: string, kid: string, result: string, nowMs: number = Date.now()): void {
  const usage = state();
  if (usage.disabled) return;
  if (usage.timer === null) startUsageFlusher();
  const key = `${projectId}|${kid}|${nowMs - (nowMs % HOUR_MS)}|${result}`;
  const counts = usage.counts;
  const count = counts.get(key);
  if (count !== undefined) {
    counts.set(key, count + 1);
  } else {
    if (counts.size >= MAX_COUNTER_ENTRIES) dropOldest(usage);
    counts.set(key, 1);
  }
  if (result === VALID_RESULT && kid !== "") {
    const last = usage.lastUsed.get(kid);
    if (last !== undefined) {
      if (nowMs > last.atMs) last.atMs = nowMs;
    } else if (usage.lastUsed.size < MAX_LAST_USED_ENTRIES) {
      usage.lastUsed.set(kid, { projectId, atMs: nowMs });
    }
  }
}

function dropOldest(usage: UsageState): void {
  const oldest = usage.counts.keys().next();
  if (oldest.done) return;
  const count = usage.counts.get(oldest.value) ?? 0;
  usage.dropped += count;
  usage.droppedTotal += count;
  usage.counts.delete(oldest.value);
}

/** Starts the periodic flush (idempotent; the timer never keeps the process alive). */
export function startUsageFlusher(pool?: () => pg.Pool): void {
  const usage = state();
  if (pool) usage.pool = pool;
  if (usage.timer !== null) return;
  usage.timer = setInterval(() => {
    void flushUsage().catch(() => {});
  }, FLUSH_INTERVAL_MS);
  usage.timer.unref();
}

export function stopUsageFlusher(): void {
  const usage = state();
  if (usage.timer !== null) clearInterval(usage.timer);
  usage.timer = null;
}

/** What is waiting to be written, and how the flushes went (for tests and metrics). */
export function pendingUsage(): {
  counters: number;
  lastUsed: number;
  dropped: number;
  droppedTotal: number;
  flushFailures: number;
  lastFlushAtMs: number;
} {
  const usage = state();
  return {
    counters: usage.counts.size,
    lastUsed: usage.lastUsed.size,
    dropped: usage.dropped,
    droppedTotal: usage.droppedTotal,
    flushFailures: usage.flushFailures,
    lastFlushAtMs: usage.lastFlushAtMs,
  };
}

// Both writes in ONE statement (all or nothing, so a retry never double-counts). Rows of
// projects deleted meanwhile are filtered by the join instead of failing on the foreign key;
// ORDER BY gives concurrent flushers one lock order. lastUsedAt is not in the NOTIFY trigger's
// column list, so this never invalidates any cache.
const FLUSH_SQL = `
WITH counted AS (
  INSERT INTO "UsageCounter" ("projectId", "kid", "hour", "result", "count")
  SELECT u.project_id, u.kid, u.hour, u.result, u.count
    FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::bigint[]) AS u(project_id, kid, hour, result, count)
    JOIN "Project" p ON p."id" = u.project_id
   ORDER BY u.project_id, u.kid, u.hour, u.result
  ON CONFLICT ("projectId", "kid", "hour", "result")
  DO UPDATE SET "count" = "UsageCounter"."count" + EXCLUDED."count"
  RETURNING 1
), touched AS (
  UPDATE "PublicKey" k
     SET "lastUsedAt" = GREATEST(k."lastUsedAt", u.at)
    FROM unnest($6::uuid[], $7::uuid[], $8::timestamptz[]) AS u(kid, project_id, at)
   WHERE k."kid" = u.kid AND k."projectId" = u.project_id
     AND (k."lastUsedAt" IS NULL OR k."lastUsedAt" < u.at)
  RETURNING 1
)
SELECT (SELECT count(*) FROM counted)::int AS counters, (SELECT count(*) FROM touched)::int AS keys`;

/**
 * Writes everything recorded so far. Flushes run one at a time per process; a failed
 * flush puts its counts back for the next one. Resolves once the batch is written.
 */
export async function flushUsage(): Promise<void> {
  const usage = state();
  while (usage.flushing) await usage.flushing.catch(() => {});
  if (usage.counts.size === 0 && usage.lastUsed.size === 0) {
    usage.lastFlushAtMs = Date.now();
    return reportDropped(usage);
  }
  const run = writeBatch(usage);
  usage.flushing = run;
  try {
    await run;
  } finally {
    if (usage.flushing === run) usage.flushing = null;
  }
}

async function writeBatch(usage: UsageState): Promise<void> {
  const counts = usage.counts;
  const lastUsed = usage.lastUsed;
  usage.counts = new Map();
  usage.lastUsed = new Map();
  const projectIds: string[] = [];
  const kids: string[] = [];
  const hours: Date[] = [];
  const results: string[] = [];
  const values: string[] = [];
  for (const [key, count] of counts) {
    const [projectId = "", kid = "", hour = "0", result = ""] = key.split("|");
    // Only ids that came from the database are recorded; anything else would fail the whole batch.
    if (!UUID.test(projectId)) continue;
    projectIds.push(projectId);
    kids.push(kid);
    hours.push(new Date(Number(hour)));
    results.push(result);
    values.push(String(count));
  }
  const usedKids: string[] = [];
  const usedProjects: string[] = [];
  const usedAt: Date[] = [];
  for (const [kid, use] of lastUsed) {
    if (!UUID.test(kid) || !UUID.test(use.projectId)) continue;
    usedKids.push(kid);
    usedProjects.push(use.projectId);
    usedAt.push(new Date(use.atMs));
  }
  try {
    const pool = usage.pool?.() ?? getPool();
    await pool.query(FLUSH_SQL, [projectIds, kids, hours, results, values, usedKids, usedProjects, usedAt]);
    usage.lastFlushAtMs = Date.now();
    reportDropped(usage);
  } catch (error) {
    if (isDataException(error)) {
      // Retrying a batch the database refuses as data would fail forever: drop it, loudly.
      logger.error({ counters: counts.size, err: { message: (error as Error).message } }, "usage batch refused; dropped");
      return;
    }
    usage.flushFailures += 1;
    restore(usage, counts, lastUsed);
    logger.warn(
      { counters: counts.size, err: error instanceof Error ? { message: error.message } : undefined },
      "usage flush failed; counts are kept for the next attempt",
    );
    throw error;
  }
}

/** SQLSTATE class 22 (data exception): the batch itself is wrong, not the connection. */
function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("22");
}

/** Puts a failed batch back, merged with what was recorded meanwhile (bounded as always). */
function restore(usage: UsageState, counts: Map<string, number>, lastUsed: Map<string, LastUse>): void {
  for (const [key, count] of usage.counts) counts.set(key, (counts.get(key) ?? 0) + count);
  usage.counts = counts;
  while (usage.counts.size > MAX_COUNTER_ENTRIES) dropOldest(usage);
  for (const [kid, use] of usage.lastUsed) {
    const earlier = lastUsed.get(kid);
    if (earlier === undefined) {
      if (lastUsed.size < MAX_LAST_USED_ENTRIES) lastUsed.set(kid, use);
    } else if (use.atMs > earlier.atMs) {
      earlier.atMs = use.atMs;
    }
  }
  usage.lastUsed = lastUsed;
}

function reportDropped(usage: UsageState): void {
  if (usage.dropped === 0) return;
  logger.warn({ droppedVerifications: usage.dropped }, "usage counters were full; the oldest counts were dropped");
  usage.dropped = 0;
}
