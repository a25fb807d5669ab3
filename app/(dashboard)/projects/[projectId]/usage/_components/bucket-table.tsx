import type { Granularity, UsageBucket } from "@/lib/usage/usage-window";
import { VALID } from "@/lib/usage/usage-results";
import { bucketTitle, formatCount } from "./usage-format";

const TH = "px-3 py-1.5 text-xs font-semibold uppercase tracking-wide text-slate-600";
const TD = "px-3 py-1.5 text-right font-mono tabular-nums";

/** Every bucket of the chart as a row, newest first, behind a disclosure. */
export function BucketTable({ buckets, granularity }: { buckets: UsageBucket[]; granularity: Granularity }) {
  const unit = granularity === "hour" ? "hour" : "day";
  return (
    <details className="rounded-md border border-slate-200 px-3 py-2">
      <summary className="cursor-pointer text-sm font-medium">Numbers per {unit}</summary>
      <div className="relative mt-2 max-h-80 overflow-auto" tabIndex={0} role="region" aria-label={`Verifications per ${unit} (scrolls)`}>
        <table className="min-w-full text-sm">
          <caption className="sr-only">Verifications per {unit}, newest first, times in UTC</caption>
          <thead className="sticky top-0 bg-white">
            <tr>
              <th scope="col" className={`${TH} text-left`}>
                {granularity === "hour" ? "Hour (UTC)" : "Day (UTC)"}
              </th>
              <th scope="col" className={`${TH} text-right`}>
                Valid
              </th>
              <th scope="col" className={`${TH} text-right`}>
                Failed
              </th>
              <th scope="col" className={`${TH} text-right`}>
                Total
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {[...buckets].reverse().map((bucket) => {
              const valid = bucket.counts[VALID] ?? 0;
              return (
                <tr key={bucket.start}>
                  <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-normal">
                    <time dateTime={bucket.start}>{bucketTitle(bucket.start, granularity)}</time>
                  </th>
                  <td className={TD}>{formatCount(valid)}</td>
                  <td className={TD}>{formatCount(bucket.total - valid)}</td>
                  <td className={TD}>{formatCount(bucket.total)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}
