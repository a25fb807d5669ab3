import { logger } from "@/lib/logger";
import { countRejection } from "@/lib/metrics/metrics";
import { checkGatewayAccess } from "./gateway-rate-limit";
import { getKeyCache, type KeyCache } from "./key-cache";
import {
  headerOf,
  internalError,
  serviceUnavailable,
  type RequestHeaders,
  type ServiceResponse,
} from "./service-response";
import { FAILURE_MESSAGES, FAILURE_REASONS, JSON_RPC_ERROR_CODE, type FailureReason, type ProjectSnapshot } from "./types";
import { countVerdict } from "./verify-service";
import { getVerifiedTokenCache } from "./verified-token-cache";

// /api/internal/forward-auth/{projectId} (VERIFY-API.md §2b): nginx auth_request,
// Traefik ForwardAuth, Envoy ext_authz. Answers with a status; the body is informative.

const NO_STORE = "no-store";
const MAX_FORWARDED_HEADER = 1024;
// Printable ASCII only: anything else (CR, LF, NUL, non-ASCII) would be unsafe to copy into a header.
const HEADER_SAFE = /^[\x20-\x7e]+$/;
const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;

/** 401 answers, one per reason, built once (the messages are fixed strings, safe in a header). */
const UNAUTHORIZED = Object.fromEntries(
  FAILURE_REASONS.map((reason) => [
    reason,
    {
      wwwAuthenticate:
        reason === "missing_token"
          ? "Bearer"
          : `Bearer error="invalid_token", error_description="${FAILURE_MESSAGES[reason]}"`,
      body: JSON.stringify({ code: JSON_RPC_ERROR_CODE, message: FAILURE_MESSAGES[reason] }),
    },
  ]),
) as Record<FailureReason, { wwwAuthenticate: string; body: string }>;

export interface ForwardAuthRequest {
  projectId: string;
  headers: RequestHeaders;
  /** The TCP peer, for the wrong-gateway-key rate limit (scripts/server.mjs passes req.socket.remoteAddress). */
  remoteAddress?: string | null;
  cache?: KeyCache;
}

/** Answers one forward-auth check. Synchronous when the project is cached; never throws. */
export function handleForwardAuthRequest(request: ForwardAuthRequest): ServiceResponse | Promise<ServiceResponse> {
  const startedAt = performance.now();
  try {
    const headers = request.headers;
    const denied = checkGatewayAccess(request);
    if (denied) return countRejection("forward_auth", denied);
    const token = bearerToken(headerOf(headers, "authorization"));
    const audience = forwardedAudience(headers);
    const projectId = request.projectId;
    const snapshot = (request.cache ?? getKeyCache()).lookup(projectId);
    if (snapshot === null || !(snapshot instanceof Promise)) return decide(projectId, snapshot, token, audience, startedAt);
    return snapshot.then(
      (loaded) => decide(projectId, loaded, token, audience, startedAt),
      () => countRejection("forward_auth", serviceUnavailable()),
    );
  } catch (error) {
    logger.error({ err: error }, "forward-auth request failed unexpectedly");
    return countRejection("forward_auth", internalError());
  }
}

function decide(
  projectId: string,
  snapshot: ProjectSnapshot | null,
  token: string | null,
  audience: string | null,
  startedAt: number,
): ServiceResponse {
  const nowMs = Date.now();
  const verdict = getVerifiedTokenCache().verify(projectId, snapshot, { token, audience }, nowMs / 1000);
  countVerdict(verdict, nowMs, "forward_auth", startedAt);
  if (!verdict.valid) {
    const answer = UNAUTHORIZED[verdict.error.reason];
    return {
      status: 401,
      headers: { "Content-Type": "application/json", "Cache-Control": NO_STORE, "WWW-Authenticate": answer.wwwAuthenticate },
      body: answer.body,
    };
  }
  const headers: Record<string, string> = { "Cache-Control": NO_STORE };
  if (verdict.enforced) {
    headers["X-Signet-Kid"] = verdict.kid;
    const sub = verdict.claims.sub;
    if (typeof sub === "string" && sub.length <= MAX_FORWARDED_HEADER && HEADER_SAFE.test(sub)) headers["X-Signet-Sub"] = sub;
  }
  return { status: 200, headers, body: "" };
}

/** The token of `Authorization: Bearer <token>`; null for no header, another scheme, or an empty token. */
export function bearerToken(authorization: string | null): string | null {
  if (authorization === null) return null;
  const match = BEARER.exec(authorization);
  return match?.[1] ?? null;
}

/** The host the client asked for, without its port: X-Forwarded-Host (first entry), else Host. */
export function forwardedAudience(headers: RequestHeaders): string | null {
  const forwarded = headerOf(headers, "x-forwarded-host");
  const raw = forwarded !== null && forwarded.trim() !== "" ? forwarded.split(",")[0] : headerOf(headers, "host");
  return raw == null ? null : hostWithoutPort(raw);
}

export function hostWithoutPort(value: string): string | null {
  const host = value.trim();
  if (host === "" || host.length > MAX_FORWARDED_HEADER) return null;
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return end > 1 ? host.slice(0, end + 1) : null;
  }
  const colon = host.indexOf(":");
  // More than one colon: a bare IPv6 address, which has no port to strip.
  if (colon === -1 || host.indexOf(":", colon + 1) !== -1) return host;
  return colon > 0 ? host.slice(0, colon) : null;
}
