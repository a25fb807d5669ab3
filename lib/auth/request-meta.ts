import { CLIENT_IP_HEADER, forwardedAddress, trustedProxyHops } from "@/lib/api/client-address";

/** Who is on the other end of a request (for audit and rate limits). */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export function requestMetaFromHeaders(headers: Headers): RequestMeta {
  // Never the leftmost X-Forwarded-For: a client writes that one itself.
  const ip = forwardedAddress(headers.get("x-forwarded-for"), trustedProxyHops()) ?? headers.get(CLIENT_IP_HEADER);
  return {
    ip: ip ? ip.slice(0, 64) : null,
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}
