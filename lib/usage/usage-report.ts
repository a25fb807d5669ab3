import { z } from "zod";
import { getPrisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ProjectAccess } from "@/lib/projects/access";
import { validationError } from "@/lib/validations/errors";
import { compareResults, VALID } from "./usage-results";
import { fillBuckets, USAGE_RANGES, usageWindow, type Granularity, type UsageBucket, type UsageRange } from "./usage-window";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The query of GET /api/v1/projects/{projectId}/usage. */
export const usageQuerySchema = z.object({
  range: z.enum(USAGE_RANGES, { error: "range must be 24h or 30d." }).default("24h"),
  kid: z.string().regex(UUID, "kid must be the key ID (a UUID) of one of this project's keys.").optional(),
});

export interface UsageTotals {
  total: number;
  valid: number;
  failed: number;
}

export interface KeyUsage extends UsageTotals {
  kid: string;
  name: string | null;
  status: "active" | "revoked";
  lastUsedAt: string | null;
}

export interface UsageReport {
  range: UsageRange;
  granularity: Granularity;
  /** The key the buckets and totals are filtered to; null for the whole project. */
  kid: string | null;
  /** Start of the first bucket and end of the last one (exclusive), RFC 3339 UTC. */
  from: string;
  to: string;
  /** The results counted in the window, "valid" first, then failure reasons in check order. */
  results: string[];
  /** Every hour (24h) or UTC day (30d) of the window, oldest first, zero-filled. */
  buckets: UsageBucket[];
  totals: UsageTotals & { byResult: { result: string; count: number }[] };
  /** Every key of the project (active first) with its counts in the window — never filtered by `kid`. */
  keys: KeyUsage[];
  /** Verifications in the window that no key was resolved for (missing or malformed tokens, unknown kids…). */
  unattributed: UsageTotals;
  /** Whether the project has ever been verified against, in any window. */
  hasAnyUsage: boolean;
}

interface BucketRow {
  bucket: bigint;
  result: string;
  count: bigint;
}

interface KeyRow {
  kid: string;
  valid: bigint;
  total: bigint;
}

const totalsOf = (valid: number, total: number): UsageTotals => ({ total, valid, failed: total - valid });

/**
 * Verifications of one project over the last 24 hours (by hour) or 30 days (by UTC day), valid and
 * by failure reason, optionally for one key. Aggregated in SQL from the hourly usage counters.
 */
export async function getUsageReport({
  access,
  range,
  kid,
  now = new Date(),
}: {
  access: ProjectAccess;
  range?: string | null;
  kid?: string | null;
  now?: Date;
}): Promise<UsageReport> {
  const parsed = usageQuerySchema.safeParse({ range: range || undefined, kid: kid || undefined });
  if (!parsed.success) throw validationError(parsed.error);
  const selectedKid = parsed.data.kid?.toLowerCase() ?? null;
  const window = usageWindow(parsed.data.range, now);
  const db = getPrisma();
  const projectId = access.projectId;
  const inWindow = Prisma.sql`"projectId" = ${projectId}::uuid AND "hour" >= ${window.from} AND "hour" < ${window.to}`;

  const [keys, bucketRows, keyRows, anyRows] = await Promise.all([
    db.publicKey.findMany({
      where: { projectId },
      select: { kid: true, name: true, revokedAt: true, lastUsedAt: true },
      orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }, { kid: "asc" }],
    }),
    db.$queryRaw<BucketRow[]>`
      SELECT (extract(epoch FROM date_trunc(${window.granularity}::text, "hour" AT TIME ZONE 'UTC')) * 1000)::bigint AS "bucket",
             "result", sum("count")::bigint AS "count"
        FROM "UsageCounter"
       WHERE ${inWindow} ${selectedKid ? Prisma.sql`AND "kid" = ${selectedKid}` : Prisma.empty}
       GROUP BY 1, 2`,
    db.$queryRaw<KeyRow[]>`
      SELECT "kid", (sum("count") FILTER (WHERE "result" = ${VALID}))::bigint AS "valid", sum("count")::bigint AS "total"
        FROM "UsageCounter"
       WHERE ${inWindow}
       GROUP BY "kid"`,
    db.$queryRaw<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM "UsageCounter" WHERE "projectId" = ${projectId}::uuid) AS "any"`,
  ]);
  if (selectedKid && !keys.some((key) => key.kid === selectedKid)) throw new AppError("not_found", "Key not found.");

  const rows = bucketRows.map((row) => ({ startMs: Number(row.bucket), result: row.result, count: Number(row.count) }));
  const byResult = new Map<string, number>();
  for (const row of rows) byResult.set(row.result, (byResult.get(row.result) ?? 0) + row.count);
  const results = [...byResult.keys()].sort(compareResults);
  const total = [...byResult.values()].reduce((sum, count) => sum + count, 0);

  const perKid = new Map(keyRows.map((row) => [row.kid, totalsOf(Number(row.valid ?? 0), Number(row.total))]));
  const known = new Set(keys.map((key) => key.kid));
  const unattributed = totalsOf(0, 0);
  for (const [rowKid, counts] of perKid) {
    if (known.has(rowKid)) continue;
    unattributed.total += counts.total;
    unattributed.valid += counts.valid;
    unattributed.failed += counts.failed;
  }

  return {
    range: parsed.data.range,
    granularity: window.granularity,
    kid: selectedKid,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    results,
    buckets: fillBuckets(window, results, rows),
    totals: {
      ...totalsOf(byResult.get(VALID) ?? 0, total),
      byResult: results
        .map((result) => ({ result, count: byResult.get(result) ?? 0 }))
        .sort((a, b) => b.count - a.count || compareResults(a.result, b.result)),
    },
    keys: keys.map((key) => ({
      kid: key.kid,
      name: key.name,
      status: key.revokedAt ? "revoked" : "active",
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      ...(perKid.get(key.kid) ?? totalsOf(0, 0)),
    })),
    unattributed,
    hasAnyUsage: anyRows[0]?.any === true,
  };
}
