import type { UsageReport } from "@/lib/usage/usage-report";
import { resultLabel } from "@/lib/usage/usage-results";
import { ResultSwatch } from "./result-colors";
import { formatCount, formatShare } from "./usage-format";

const TH = "px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600";
const TD = "px-3 py-2 text-right font-mono tabular-nums";

/** Totals by result for the range: the chart's numbers, readable without the chart. */
export function UsageTotalsTable({ totals, caption }: { totals: UsageReport["totals"]; caption: string }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="usage-totals">
        <caption className="pb-2 text-left text-sm font-medium text-slate-900">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className={`${TH} text-left`}>
              Result
            </th>
            <th scope="col" className={`${TH} text-right`}>
              Verifications
            </th>
            <th scope="col" className={`${TH} text-right`}>
              Share
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {totals.byResult.map((row) => (
            <tr key={row.result} data-testid="usage-total-row" data-result={row.result}>
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <span className="flex items-center gap-2">
                  <ResultSwatch result={row.result} />
                  <span className="text-slate-900">{resultLabel(row.result)}</span>
                  {row.result !== "valid" ? (
                    <code className="hidden font-mono text-xs text-slate-500 sm:inline">{row.result}</code>
                  ) : null}
                </span>
              </th>
              <td className={TD} data-testid="usage-total-count">
                {formatCount(row.count)}
              </td>
              <td className={`${TD} text-slate-600`}>{formatShare(row.count, totals.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t border-slate-300">
          <tr>
            <th scope="row" className="px-3 py-2 text-left font-semibold">
              Total
            </th>
            <td className={`${TD} font-semibold`} data-testid="usage-total-all">
              {formatCount(totals.total)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
