import { isIP } from "node:net";
import { forwardedAddress, trustedProxyHops } from "@/lib/api/client-address";
import { envCount } from "@/lib/config/env-count";
import { logger } from "@/lib/logger";
import { GATEWAY_KEY_HEADER, isGatewayKeyValid } from "./gateway-auth";
import { errorResponse, gatewayUnauthorized, headerOf, type RequestHeaders, type ServiceResponse } from "./service-response";

// Wrong X-Gateway-Key attempts, limited per client address: past GATEWAY_RATE_LIMIT
// failures (default 30) in a minute, that address gets 429 until the minute is over —
// without its key being checked, so guessing learns nothing while limited. Good keys
// are never counted. The address is the TCP peer; with TRUST_PROXY=n, the n-th
// X-Forwarded-For entry from the right (the one the n-th trusted proxy added). IPv6
// addresses count per /64. Counted per instance, in memory.

const WINDOW_MS = 60_000;
const DEFAULT_LIMIT = 30;
const MAX_TRACKED = 100_000;

export interface GatewayCaller {
  headers: RequestHeaders;
  /** The TCP peer (`req.socket.remoteAddress` on the lean path); absent on Next's routes. */
  remoteAddress?: string | null;
}

export interface GatewayGuardOptions {
  /** Failed attempts per address per window; 0 turns the limit off. */
  limit: number;
  windowMs?: number;
  /** How many proxies in front of Signet append to X-Forwarded-For; 0 trusts only the socket. */
  trustProxy?: number;
  now?: () => number;
}

export interface GatewayGuard {
  /** null when the gateway key is good; else the 401 (wrong or missing key) or 429 to answer. */
  check(caller: GatewayCaller): ServiceResponse | null;
}

interface Window {
  failures: number;
  resetAt: number;
}

export function createGatewayGuard({ limit, windowMs = WINDOW_MS, trustProxy = 0, now = Date.now }: GatewayGuardOptions): GatewayGuard {
  const windows = new Map<string, Window>();
  let lastFailureAt = -Infinity;

  function sweep(at: number): void {
    for (const [address, window] of windows) if (window.resetAt <= at) windows.delete(address);
    // Still full of live windows: forget the oldest rather than grow without bound.
    while (windows.size >= MAX_TRACKED) {
      const oldest = windows.keys().next();
      if (oldest.done) break;
      windows.delete(oldest.value);
    }
  }

  function rateLimited(retryAfterMs: number): ServiceResponse {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return errorResponse(429, "rate_limited", `Too many wrong gateway keys from this address; retry in ${seconds} s.`, {
      "Retry-After": String(seconds),
    });
  }

  return {
    check(caller) {
      const at = now();
      // No failure for a whole window: nobody can be limited, skip working out the address.
      const anyRecentFailure = limit > 0 && at - lastFailureAt < windowMs;
      let address: string | null | undefined;
      if (anyRecentFailure) {
        address = clientAddress(caller, trustProxy);
        const window = address === null ? undefined : windows.get(address);
        if (window !== undefined && window.resetAt > at && window.failures >= limit) return rateLimited(window.resetAt - at);
      }
      if (isGatewayKeyValid(headerOf(caller.headers, GATEWAY_KEY_HEADER))) return null;
      if (limit <= 0) return gatewayUnauthorized();
      address ??= clientAddress(caller, trustProxy);
      if (address === null) return gatewayUnauthorized();
      lastFailureAt = at;
      let window = windows.get(address);
      if (window === undefined || window.resetAt <= at) {
        if (window === undefined && windows.size >= MAX_TRACKED) sweep(at);
        window = { failures: 0, resetAt: at + windowMs };
        windows.set(address, window);
      }
      window.failures += 1;
      if (window.failures === limit) {
        logger.warn(
          { client: address, limit, retryAfterSeconds: Math.ceil((window.resetAt - at) / 1000) },
          "too many wrong gateway keys from one address; answering 429 until the window ends",
        );
      }
      return gatewayUnauthorized();
    },
  };
}

/**
 * The address a gateway request is counted under: the socket peer, or with `trustProxy` = n
 * the n-th X-Forwarded-For entry from the right (falling back to the peer when there are
 * fewer entries or it is not an IP). IPv4-mapped IPv6 becomes IPv4; IPv6 is cut to its /64.
 * null when nothing usable is known (Next's routes without TRUST_PROXY): not limited.
 */
export function clientAddress(caller: GatewayCaller, trustProxy = 0): string | null {
  const forwarded = forwardedAddress(headerOf(caller.headers, "x-forwarded-for"), trustProxy);
  const normalised = forwarded === null ? null : normaliseAddress(forwarded);
  if (normalised !== null) return normalised;
  return caller.remoteAddress ? normaliseAddress(caller.remoteAddress) : null;
}

export function normaliseAddress(raw: string): string | null {
  let address = raw.trim();
  if (address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
  const zone = address.indexOf("%");
  if (zone !== -1) address = address.slice(0, zone);
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return null;
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return mapped[1]!;
  return `${expandIpv6(lower).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (valid per isIP), without leading zeros. */
function expandIpv6(address: string): string[] {
  let text = address;
  // An embedded IPv4 tail (e.g. 64:ff9b::1.2.3.4) is two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((group) => group.replace(/^0+(?=.)/, ""));
}

const globalForGuard = globalThis as unknown as { signetGatewayGuard?: GatewayGuard };

/** The process's guard, configured from GATEWAY_RATE_LIMIT and TRUST_PROXY when first used. */
export function gatewayGuard(): GatewayGuard {
  globalForGuard.signetGatewayGuard ??= createGatewayGuard({
    limit: envCount("GATEWAY_RATE_LIMIT", { fallback: DEFAULT_LIMIT, max: 1_000_000 }),
    trustProxy: trustedProxyHops(),
  });
  return globalForGuard.signetGatewayGuard;
}

/** Forgets the process's guard (its counts and configuration): for tests that change the environment. */
export function resetGatewayGuard(): void {
  globalForGuard.signetGatewayGuard = undefined;
}

/**
 * Call first in a verification handler, instead of checking the key yourself:
 * `const denied = checkGatewayAccess(request); if (denied) return denied;`
 */
export function checkGatewayAccess(caller: GatewayCaller): ServiceResponse | null {
  return gatewayGuard().check(caller);
}
