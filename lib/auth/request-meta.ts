/** Who is on the other end of a request, as far as headers tell (for audit and rate limits). */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export function requestMetaFromHeaders(headers: Headers): RequestMeta {
  // Next's server sets x-forwarded-for from the socket when a proxy has not.
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip");
  return {
    ip: forwarded ? forwarded.slice(0, 64) : null,
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}
