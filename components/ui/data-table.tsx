import type { ReactNode } from "react";

const TH = "whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
const TD = "px-3 py-2 align-top";

export interface DataTableColumn<Row> {
  /** React's key for the column's cells; not rendered. */
  id: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Classes added after the cell's padding. */
  className?: string;
  testId?: string;
}

/** A row's React key, and its test id and other data-* attributes, written in the order given. */
export type DataTableRowProps = { key: string } & { [name: `data-${string}`]: string };

/**
 * A table across a card, one row per item and one cell per column. It scrolls sideways in a focusable
 * region so keyboard users can reach what is off screen; the caption is for screen readers.
 */
export function DataTable<Row>({
  label,
  caption,
  testId,
  columns,
  rows,
  rowProps,
}: {
  /** Names the scroll region. */
  label: string;
  caption: ReactNode;
  testId?: string;
  columns: DataTableColumn<Row>[];
  rows: Row[];
  rowProps: (row: Row) => DataTableRowProps;
}) {
  return (
    <div className="relative -mx-5 overflow-x-auto" tabIndex={0} role="region" aria-label={label}>
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((column) => (
              <th key={column.id} scope="col" className={TH}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => {
            // React warns when a key is spread into JSX, so it is taken out first.
            const { key, ...attributes } = rowProps(row);
            return (
              <tr key={key} {...attributes}>
                {columns.map((column) => (
                  <td key={column.id} className={column.className ? `${TD} ${column.className}` : TD} data-testid={column.testId}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
