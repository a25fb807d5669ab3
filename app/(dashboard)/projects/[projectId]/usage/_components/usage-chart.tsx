"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { resultLabel } from "@/lib/usage/usage-results";
import type { Granularity, UsageBucket } from "@/lib/usage/usage-window";
import { resultColor, ResultSwatch } from "./result-colors";
import { bucketLabel, bucketTitle, formatCount } from "./usage-format";

type Row = Record<string, number | string> & { label: string; start: string; total: number };

const AXIS_TICK = { fontSize: 12, fill: "#475569" };

/** Verifications per bucket, one stacked bar per hour or day, one colour per result. */
export function UsageChart({
  buckets,
  results,
  granularity,
  title,
}: {
  buckets: UsageBucket[];
  results: string[];
  granularity: Granularity;
  /** The chart's accessible name. */
  title: string;
}) {
  const rows: Row[] = buckets.map((bucket) => ({
    ...bucket.counts,
    label: bucketLabel(bucket.start, granularity),
    start: bucket.start,
    total: bucket.total,
  }));
  return (
    <div className="h-72 w-full" data-testid="usage-chart">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: 288 }}>
        <BarChart
          data={rows}
          margin={{ top: 8, right: 4, bottom: 0, left: -8 }}
          barCategoryGap="18%"
          title={title}
          desc="Use the left and right arrow keys to move between bars. The table below lists the same totals."
        >
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="label"
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={{ stroke: "#cbd5e1" }}
            interval="preserveStartEnd"
            minTickGap={12}
          />
          <YAxis allowDecimals={false} width={48} tick={AXIS_TICK} tickLine={false} axisLine={false} tickFormatter={formatCount} />
          <Tooltip
            cursor={{ fill: "#f1f5f9" }}
            isAnimationActive={false}
            content={(props: TooltipContentProps) => <ChartTooltip {...props} granularity={granularity} />}
          />
          {results.map((result) => (
            <Bar key={result} dataKey={result} name={resultLabel(result)} stackId="usage" fill={resultColor(result)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function ChartTooltip({ active, payload, granularity }: TooltipContentProps & { granularity: Granularity }) {
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  const entries = (payload ?? []).filter((entry) => Number(entry.value) > 0).reverse();
  return (
    <div className="min-w-44 rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md">
      <p className="font-medium text-slate-900">
        {bucketTitle(row.start, granularity)} <span className="font-normal text-slate-500">UTC</span>
      </p>
      {entries.length === 0 ? (
        <p className="mt-1 text-slate-600">No verifications</p>
      ) : (
        <>
          <ul className="mt-1 space-y-0.5">
            {entries.map((entry) => (
              <li key={String(entry.dataKey)} className="flex items-center gap-2">
                <ResultSwatch result={String(entry.dataKey)} />
                <span className="flex-1 text-slate-700">{entry.name}</span>
                <span className="font-mono tabular-nums text-slate-900">{formatCount(Number(entry.value))}</span>
              </li>
            ))}
          </ul>
          <p className="mt-1 flex justify-between border-t border-slate-100 pt-1 font-medium text-slate-900">
            <span>Total</span>
            <span className="font-mono tabular-nums">{formatCount(row.total)}</span>
          </p>
        </>
      )}
    </div>
  );
}
