import Link from "next/link";
import type { UsageRange } from "@/lib/usage/usage-window";

const RANGES: { range: UsageRange; label: string }[] = [
  { range: "24h", label: "24 hours" },
  { range: "30d", label: "30 days" },
];

/** Two links styled as a segmented control; the current one is marked with aria-current. */
export function RangeToggle({ basePath, range, kid }: { basePath: string; range: UsageRange; kid: string | null }) {
  return (
    <div className="flex flex-col gap-1">
      <span id="usage-range-label" className="text-xs font-medium text-slate-600">
        Time range
      </span>
      <nav aria-labelledby="usage-range-label" className="inline-flex h-9 w-fit rounded-md border border-slate-300 bg-white p-0.5 shadow-sm">
        {RANGES.map((option) => {
          const current = option.range === range;
          const query = new URLSearchParams({ range: option.range, ...(kid ? { kid } : {}) });
          return (
            <Link
              key={option.range}
              href={`${basePath}?${query}`}
              scroll={false}
              aria-current={current ? "page" : undefined}
              data-testid={`usage-range-${option.range}`}
              className={`flex items-center rounded px-3 text-sm font-medium ${
                current ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100"
              }`}
            >
              {option.label}
            </Link>
          );
        })}
      </nav>
    </div>
  );
}
