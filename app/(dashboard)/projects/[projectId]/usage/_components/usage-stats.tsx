import type { UsageTotals } from "@/lib/usage/usage-report";
import { formatCount, formatShare } from "./usage-format";

/** The three numbers that matter first: how many, how many valid, how many failed. */
export function UsageStats({ totals }: { totals: UsageTotals }) {
  const items = [
    { id: "total", label: "Verifications", value: formatCount(totals.total), note: null },
    { id: "valid", label: "Valid", value: formatCount(totals.valid), note: formatShare(totals.valid, totals.total) },
    { id: "failed", label: "Failed", value: formatCount(totals.failed), note: formatShare(totals.failed, totals.total) },
  ];
  return (
    <dl className="grid grid-cols-3 gap-2 sm:gap-3" data-testid="usage-stats">
      {items.map((item) => (
        <div key={item.id} className="min-w-0 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2">
          <dt className="truncate text-xs font-medium text-slate-600">{item.label}</dt>
          <dd className="mt-0.5 flex flex-wrap items-baseline gap-x-1.5">
            <span className="text-lg font-semibold tabular-nums text-slate-900 sm:text-xl" data-testid={`usage-stat-${item.id}`}>
              {item.value}
            </span>
            {item.note && totals.total > 0 ? <span className="text-xs text-slate-600">{item.note}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
