import type { ReactNode } from "react";

// Each layout keeps the exact classes its table had before the two were merged.
const LAYOUTS = {
  // Inside a disclosure: scrolls both ways under a sticky header; the caption is for screen readers.
  disclosure: {
    region: "relative mt-2 max-h-80 overflow-auto",
    table: "min-w-full text-sm",
    caption: "sr-only",
    head: "sticky top-0 bg-white",
    columnHeader: "px-3 py-1.5 text-xs font-semibold uppercase tracking-wide text-slate-600",
    rowHeader: "whitespace-nowrap px-3 py-1.5 text-left font-normal",
    count: "px-3 py-1.5 text-right font-mono tabular-nums",
  },
  // Across a card: reaches the card's edges, scrolls sideways, shows its caption.
  card: {
    region: "relative -mx-5 overflow-x-auto px-5",
    table: "min-w-full divide-y divide-slate-200 text-sm",
    caption: "pb-2 text-left text-sm font-medium text-slate-900",
    head: undefined,
    columnHeader: "whitespace-nowrap px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600",
    rowHeader: "px-3 py-2 text-left font-normal",
    count: "px-3 py-2 text-right font-mono tabular-nums",
  },
} as const;

export interface VerificationCountsRow {
  /** React's key for the row; not rendered. */
  id: string;
  /** Test id, data-* attributes and a highlight class for the row, written in the order given. */
  attributes?: { className?: string } & { [name: `data-${string}`]: string };
  /** The row's header cell: what was counted (an hour, a key…). */
  label: ReactNode;
  /** Classes added after the header cell's own. */
  labelClassName?: string;
  /** Formatted counts. */
  valid: string;
  failed: string;
  total: string;
  /** The cells of the `extraColumns`, in order. */
  extraCells?: ReactNode;
}

/** Verifications per row, valid, failed and total, in a focusable scroll region so keyboard users can scroll it. */
export function VerificationCountsTable({
  layout,
  label,
  caption,
  testId,
  rowsHeader,
  extraColumns = [],
  rows,
}: {
  layout: keyof typeof LAYOUTS;
  /** Names the scroll region. */
  label: string;
  caption: ReactNode;
  testId?: string;
  /** The heading of the rows' header column. */
  rowsHeader: ReactNode;
  /** Left-aligned columns after Total. */
  extraColumns?: string[];
  rows: VerificationCountsRow[];
}) {
  const style = LAYOUTS[layout];
  return (
    <div className={style.region} tabIndex={0} role="region" aria-label={label}>
      <table className={style.table} data-testid={testId}>
        <caption className={style.caption}>{caption}</caption>
        <thead className={style.head}>
          <tr>
            <th scope="col" className={`${style.columnHeader} text-left`}>
              {rowsHeader}
            </th>
            {["Valid", "Failed", "Total"].map((heading) => (
              <th key={heading} scope="col" className={`${style.columnHeader} text-right`}>
                {heading}
              </th>
            ))}
            {extraColumns.map((heading) => (
              <th key={heading} scope="col" className={`${style.columnHeader} text-left`}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id} {...row.attributes}>
              <th scope="row" className={row.labelClassName ? `${style.rowHeader} ${row.labelClassName}` : style.rowHeader}>
                {row.label}
              </th>
              <td className={style.count}>{row.valid}</td>
              <td className={style.count}>{row.failed}</td>
              <td className={style.count}>{row.total}</td>
              {row.extraCells}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
