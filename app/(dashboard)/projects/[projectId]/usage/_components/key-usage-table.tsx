import Link from "next/link";
import type { UsageReport } from "@/lib/usage/usage-report";
import { formatCount, formatTimestamp, shortKid } from "./usage-format";

const TH = "whitespace-nowrap px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600";
const NUM = "px-3 py-2 text-right font-mono tabular-nums";

/** Each key's verifications in the range, busiest first, with a link that narrows the page to it. */
export function KeyUsageTable({ report, basePath, caption }: { report: UsageReport; basePath: string; caption: string }) {
  const keys = [...report.keys].sort((a, b) => b.total - a.total || Number(a.status === "revoked") - Number(b.status === "revoked"));
  return (
    <div className="relative -mx-5 overflow-x-auto px-5" tabIndex={0} role="region" aria-label="Verifications per key (scrolls sideways)">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="key-usage">
        <caption className="pb-2 text-left text-sm font-medium text-slate-900">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className={`${TH} text-left`}>
              Key
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
            <th scope="col" className={`${TH} text-left`}>
              Last used
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => {
            const query = new URLSearchParams({ range: report.range, kid: key.kid });
            const selected = report.kid === key.kid;
            return (
              <tr key={key.kid} data-testid="key-usage-row" data-kid={key.kid} className={selected ? "bg-indigo-50" : undefined}>
                <th scope="row" className="px-3 py-2 text-left font-normal">
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
                </th>
                <td className={NUM}>{formatCount(key.valid)}</td>
                <td className={NUM}>{formatCount(key.failed)}</td>
                <td className={NUM}>{formatCount(key.total)}</td>
                <td className="whitespace-nowrap px-3 py-2" data-testid="key-usage-last-used">
                  {key.lastUsedAt ? <time dateTime={key.lastUsedAt}>{formatTimestamp(key.lastUsedAt)}</time> : "never"}
                </td>
              </tr>
            );
          })}
          {report.unattributed.total > 0 ? (
            <tr data-testid="key-usage-unattributed">
              <th scope="row" className="px-3 py-2 text-left font-normal text-slate-700">
                No key resolved
                <span className="block text-xs text-slate-500">missing or malformed tokens, unknown kids…</span>
              </th>
              <td className={NUM}>{formatCount(report.unattributed.valid)}</td>
              <td className={NUM}>{formatCount(report.unattributed.failed)}</td>
              <td className={NUM}>{formatCount(report.unattributed.total)}</td>
              <td className="px-3 py-2 text-slate-500">—</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
