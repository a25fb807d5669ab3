// Who is calling, as far as can be trusted. The TCP peer is the truth; an
// X-Forwarded-For entry only counts behind proxies the operator declared
// (TRUST_PROXY=n: the n-th entry from the right, the one the nearest trusted
// proxy appended). scripts/server.mjs stamps the peer into CLIENT_IP_HEADER on
// every request it hands to Next, overwriting whatever a client sent.

export const CLIENT_IP_HEADER = "x-signet-client-ip";

/** TRUST_PROXY as a hop count: unset/0 = no proxy trusted, "true" = 1. */
export function trustedProxyHops(): number {
  const raw = process.env.TRUST_PROXY?.trim().toLowerCase();
  if (!raw) return 0;
  if (raw === "true") return 1;
  const hops = Number(raw);
  return Number.isInteger(hops) && hops >= 0 ? hops : 0;
}

/** The X-Forwarded-For entry `hops` from the right, or null. */
export function forwardedAddress(forwardedFor: string | null, hops: number): string | null {
  if (hops <= 0 || forwardedFor === null) return null;
  const entries = forwardedFor.split(",");
  const entry = entries[entries.length - hops]?.trim();
  return entry ? entry : null;
}
