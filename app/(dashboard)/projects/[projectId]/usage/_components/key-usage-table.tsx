import Link from "next/link";
import { VerificationCountsTable, type VerificationCountsRow } from "@/components/usage/verification-counts-table";
import type { UsageReport } from "@/lib/usage/usage-report";
import { formatCounts, formatTimestamp, shortKid } from "./usage-format";

/** Each key's verifications in the range, busiest first, with a link that narrows the page to it. */
export function KeyUsageTable({ report, basePath, caption }: { report: UsageReport; basePath: string; caption: string }) {
  const keys = [...report.keys].sort((a, b) => b.total - a.total || Number(a.status === "revoked") - Number(b.status === "revoked"));
  const rows: VerificationCountsRow[] = keys.map((key) => {
    const query = new URLSearchParams({ range: report.range, kid: key.kid });
    const selected = report.kid === key.kid;
    return {
      id: key.kid,
      attributes: { "data-testid": "key-usage-row", "data-kid": key.kid, className: selected ? "bg-indigo-50" : undefined },
      label: (
        <>
          <Link
            href={`${basePath}?${query}`}
            scroll={false}
            aria-current={selected ? "true" : undefined}
            className="font-medium text-indigo-700 hover:underline"
          >
            {key.name ?? "Unnamed key"}
          </Link>
          <span className="ml-2 whitespace-nowrap font-mono text-xs text-slate-500">{shortKid(key.kid)}</span>
          {key.status === "revoked" ? (
            <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">Revoked</span>
          ) : null}
        </>
      ),
      ...formatCounts(key),
      extraCells: (
        <td className="whitespace-nowrap px-3 py-2" data-testid="key-usage-last-used">
          {key.lastUsedAt ? <time dateTime={key.lastUsedAt}>{formatTimestamp(key.lastUsedAt)}</time> : "never"}
        </td>
      ),
    };
  });
  if (report.unattributed.total > 0) {
    rows.push({
      id: "unattributed",
      attributes: { "data-testid": "key-usage-unattributed" },
      label: (
        <>
          No key resolved
          <span className="block text-xs text-slate-500">missing or malformed tokens, unknown kids…</span>
        </>
      ),
      labelClassName: "text-slate-700",
      ...formatCounts(report.unattributed),
      extraCells: <td className="px-3 py-2 text-slate-500">—</td>,
    });
  }
  return (
    <VerificationCountsTable
      layout="card"
      label="Verifications per key (scrolls sideways)"
      caption={caption}
      testId="key-usage"
      rowsHeader="Key"
      extraColumns={["Last used"]}
      rows={rows}
    />
  );
}
