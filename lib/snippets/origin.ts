// The origin this Signet was reached at, from the request's headers, for snippets only.

export const FALLBACK_ORIGIN = "http://localhost:3000";
const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

const firstValue = (value: string | null) => value?.split(",")[0]?.trim() || null;

/**
 * "https://signet.example.com" from `X-Forwarded-Proto` / `X-Forwarded-Host` (first entry, as a
 * reverse proxy sets them) or `Host`. Anything that is not a plain host name falls back to localhost.
 */
export function originFromHeaders(headers: { get(name: string): string | null }): string {
  const host = firstValue(headers.get("x-forwarded-host")) ?? firstValue(headers.get("host"));
  if (!host || !HOST.test(host)) return FALLBACK_ORIGIN;
  const proto = firstValue(headers.get("x-forwarded-proto"))?.toLowerCase();
  return `${proto === "https" ? "https" : "http"}://${host.toLowerCase()}`;
}
