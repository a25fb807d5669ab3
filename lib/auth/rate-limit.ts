import { envCount } from "@/lib/config/env-count";

// A fixed-window counter per key, in memory. Each instance limits on its own;
// behind a load balancer the effective limit is per instance (documented).

export interface RateLimiter {
  /** Counts one event for `key`; returns the seconds to wait when over the limit. */
  hit(key: string): { limited: false } | { limited: true; retryAfter: number };
  /** Whether `key` is over the limit, without counting. */
  check(key: string): { limited: false } | { limited: true; retryAfter: number };
  reset(key: string): void;
}

export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();

  function current(key: string, now: number) {
    const entry = windows.get(key);
    if (entry && entry.resetAt > now) return entry;
    if (windows.size > 100_000) {
      for (const [k, v] of windows) if (v.resetAt <= now) windows.delete(k);
    }
    return undefined;
  }

  function verdict(entry: { count: number; resetAt: number } | undefined, now: number) {
    if (entry && entry.count >= limit) {
      return { limited: true as const, retryAfter: Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) };
    }
    return { limited: false as const };
  }

  return {
    check(key) {
      const now = Date.now();
      return verdict(current(key, now), now);
    },
    hit(key) {
      const now = Date.now();
      let entry = current(key, now);
      const before = verdict(entry, now);
      if (before.limited) return before;
      if (!entry) {
        entry = { count: 0, resetAt: now + windowMs };
        windows.set(key, entry);
      }
      entry.count += 1;
      return { limited: false };
    },
    reset(key) {
      windows.delete(key);
    },
  };
}

const globalForLimits = globalThis as unknown as { signetLimiters?: { login: RateLimiter; signup: RateLimiter } };

/** The process-wide limiters configured by LOGIN_RATE_LIMIT and SIGNUP_RATE_LIMIT. */
export function authRateLimiters() {
  globalForLimits.signetLimiters ??= {
    login: createRateLimiter({ limit: envCount("LOGIN_RATE_LIMIT", { fallback: 10, min: 1, max: 1_000_000 }), windowMs: 15 * 60_000 }),
    signup: createRateLimiter({ limit: envCount("SIGNUP_RATE_LIMIT", { fallback: 20, min: 1, max: 1_000_000 }), windowMs: 60 * 60_000 }),
  };
  return globalForLimits.signetLimiters;
}
