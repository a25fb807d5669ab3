import { createHash, timingSafeEqual } from "node:crypto";

// /metrics is open unless METRICS_TOKEN is set; then a scrape must send
// `Authorization: Bearer <METRICS_TOKEN>` (Prometheus: `authorization: { credentials: … }`).
// The metrics hold no secrets and no tenant data; the token is for deployments whose
// port is reachable from outside.

const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;
const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

export function metricsTokenConfigured(): boolean {
  return (process.env.METRICS_TOKEN ?? "").trim() !== "";
}

/** Whether a scrape with this Authorization header may read /metrics (constant-time comparison). */
export function isMetricsRequestAuthorized(authorization: string | null): boolean {
  const expected = (process.env.METRICS_TOKEN ?? "").trim();
  if (expected === "") return true;
  const presented = authorization === null ? null : (BEARER.exec(authorization)?.[1] ?? null);
  if (presented === null) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}
