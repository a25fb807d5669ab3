import { VerificationCountsTable } from "@/components/usage/verification-counts-table";
import type { Granularity, UsageBucket } from "@/lib/usage/usage-window";
import { VALID } from "@/lib/usage/usage-results";
import { bucketTitle, formatCounts } from "./usage-format";

/** Every bucket of the chart as a row, newest first, behind a disclosure. */
export function BucketTable({ buckets, granularity }: { buckets: UsageBucket[]; granularity: Granularity }) {
  const unit = granularity === "hour" ? "hour" : "day";
  return (
    <details className="rounded-md border border-slate-200 px-3 py-2">
      <summary className="cursor-pointer text-sm font-medium">Numbers per {unit}</summary>
      <VerificationCountsTable
        layout="disclosure"
        label={`Verifications per ${unit} (scrolls)`}
        caption={<>Verifications per {unit}, newest first, times in UTC</>}
        rowsHeader={granularity === "hour" ? "Hour (UTC)" : "Day (UTC)"}
        rows={[...buckets].reverse().map((bucket) => {
          const valid = bucket.counts[VALID] ?? 0;
          return {
            id: bucket.start,
            label: <time dateTime={bucket.start}>{bucketTitle(bucket.start, granularity)}</time>,
            ...formatCounts({ valid, failed: bucket.total - valid, total: bucket.total }),
          };
        })}
      />
    </details>
  );
}
