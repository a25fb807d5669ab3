import type { UsageTotals } from "@/lib/usage/usage-report";
import type { Granularity } from "@/lib/usage/usage-window";

// Labels for usage buckets, always in UTC so the server and the browser render the same text.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const HOUR_MS = 3_600_000;

const dayLabel = (date: Date) => `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
const hourLabel = (date: Date) => `${String(date.getUTCHours()).padStart(2, "0")}:00`;

/** Axis tick: "14:00" or "Mar 9". */
export function bucketLabel(startIso: string, granularity: Granularity): string {
  const date = new Date(startIso);
  return granularity === "hour" ? hourLabel(date) : dayLabel(date);
}

/** Tooltip and table row: "Mar 9, 14:00–15:00" or "Mar 9". */
export function bucketTitle(startIso: string, granularity: Granularity): string {
  const date = new Date(startIso);
  if (granularity === "day") return dayLabel(date);
  return `${dayLabel(date)}, ${hourLabel(date)}–${hourLabel(new Date(date.getTime() + HOUR_MS))}`;
}

export const formatCount = (count: number) => count.toLocaleString("en-US");

/** Valid, failed and total as a row of a verification counts table shows them. */
export const formatCounts = ({ valid, failed, total }: UsageTotals) => ({
  valid: formatCount(valid),
  failed: formatCount(failed),
  total: formatCount(total),
});

export function formatShare(count: number, total: number): string {
  if (total === 0) return "—";
  const share = (count / total) * 100;
  return share > 0 && share < 0.1 ? "<0.1%" : `${share.toFixed(share >= 10 || share === 0 ? 0 : 1)}%`;
}

export const RANGE_LABELS = { "24h": "last 24 hours", "30d": "last 30 days" } as const;

/** "2026-03-09 14:05 UTC", the same format as the keys table. */
export const formatTimestamp = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never");

export const shortKid = (kid: string) => `${kid.slice(0, 8)}…`;
