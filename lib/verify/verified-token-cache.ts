import { LRUCache } from "lru-cache";
import { envCount } from "@/lib/config/env-count";
import { sha256 } from "@/lib/crypto/sha256";
import { MAX_TOKEN_BYTES } from "./compact-jws";
import type { ProjectSnapshot, Verdict, VerifyInput } from "./types";
import { verdictBeforeSignature, verdictFromOutcome, verifySignatureStage, verifyToken, type SignatureOutcome } from "./verify-token";

/**
 * Remembers the signature stage of tokens seen before (the normal case: one token,
 * many requests). An entry belongs to the exact project snapshot it was computed
 * with; any key or policy change replaces the snapshot, so a revoked key's tokens
 * stop hitting at once. The claims (exp, nbf, iat, aud, bodyHash, permissions) are
 * checked on every hit, against this request and this time. Keys are SHA-256 of the
 * whole token: the token itself is not kept, and no part of it alone (e.g. the
 * signature) can be paired with another payload.
 *
 * A token is admitted on its second sighting (a "doorkeeper": one fixed array of
 * digest fingerprints). Traffic of one-off tokens then allocates nothing that
 * outlives its request, instead of churning the cache's entries through the old
 * generation, which cost more than the signature check under load.
 */
export interface VerifiedTokenCache {
  verify(projectId: string, project: ProjectSnapshot | null, input: VerifyInput, nowSeconds: number): Verdict;
  readonly size: number;
  readonly hits: number;
  readonly misses: number;
  clear(): void;
}

interface Entry {
  project: ProjectSnapshot;
  outcome: SignatureOutcome;
  /** The pass verdict, made once: it depends on the token and the snapshot only, not on the request. */
  pass?: Verdict;
}

export const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 50_000;
/** lru-cache allocates its index arrays for `max` up front: a million entries is ~16 MiB of them. */
export const MAX_VERIFIED_TOKEN_CACHE_SIZE = 1_000_000;
const DOORKEEPER_SLOTS = 1 << 16;

/** Only what a hit needs: not the token's bytes, header or signature. */
export function leanOutcome(outcome: SignatureOutcome): SignatureOutcome {
  if (!outcome.ok) return outcome;
  const { payload, exp, nbf, iat } = outcome.claims;
  return { ok: true, claims: { payload, exp, nbf, iat }, key: outcome.key, alg: outcome.alg };
}

export function createVerifiedTokenCache(maxEntries = DEFAULT_VERIFIED_TOKEN_CACHE_SIZE): VerifiedTokenCache {
  if (!(maxEntries >= 1)) return uncached();
  const entries = new LRUCache<string, Entry>({ max: Math.min(Math.floor(maxEntries), MAX_VERIFIED_TOKEN_CACHE_SIZE) });
  const doorkeeper = new Uint32Array(DOORKEEPER_SLOTS);
  let hits = 0;
  let misses = 0;

  /** True on a digest's second sighting (its fingerprint still in its slot); records it otherwise. */
  function seenBefore(digest: string): boolean {
    const slot = (digest.charCodeAt(0) | (digest.charCodeAt(1) << 8)) & (DOORKEEPER_SLOTS - 1);
    const fingerprint =
      (digest.charCodeAt(2) | (digest.charCodeAt(3) << 8) | (digest.charCodeAt(4) << 16) | (digest.charCodeAt(5) << 24) | 1) >>> 0;
    if (doorkeeper[slot] === fingerprint) return true;
    doorkeeper[slot] = fingerprint;
    return false;
  }

  return {
    verify(projectId, project, input, nowSeconds) {
      const early = verdictBeforeSignature(projectId, project, input);
      if (early !== null) return early;
      const token = input?.token;
      // Over-long input is malformed anyway: never hash more than the limit allows.
      if (typeof token !== "string" || token.length > MAX_TOKEN_BYTES) return verifyToken(projectId, project, input, nowSeconds);
      const snapshot = project as ProjectSnapshot;

      const digest = sha256(token, "latin1");
      const cached = entries.get(digest);
      if (cached !== undefined && cached.project === snapshot) {
        hits++;
        const verdict = verdictFromOutcome(snapshot, cached.outcome, input, nowSeconds);
        // Frozen and shared, so that serializeVerdict can remember its JSON too.
        return verdict.valid ? (cached.pass ??= Object.freeze(verdict)) : verdict;
      }
      misses++;
      const outcome = verifySignatureStage(snapshot, token);
      // Malformed input is cheap to re-reject; remember only what cost a key lookup or a signature.
      if (outcome.ok || outcome.kid !== undefined) {
        if (cached !== undefined || seenBefore(digest)) entries.set(digest, { project: snapshot, outcome: leanOutcome(outcome) });
      } else if (cached !== undefined) {
        entries.delete(digest);
      }
      return verdictFromOutcome(snapshot, outcome, input, nowSeconds);
    },
    get size() {
      return entries.size;
    },
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    clear() {
      entries.clear();
      doorkeeper.fill(0);
    },
  };
}

const globalForTokens = globalThis as unknown as { signetVerifiedTokens?: VerifiedTokenCache };

/** The process's cache (SIGNET_VERIFIED_TOKEN_CACHE_SIZE entries; 0 turns it off). */
export function getVerifiedTokenCache(): VerifiedTokenCache {
  if (!globalForTokens.signetVerifiedTokens) {
    globalForTokens.signetVerifiedTokens = createVerifiedTokenCache(
      envCount("SIGNET_VERIFIED_TOKEN_CACHE_SIZE", { fallback: DEFAULT_VERIFIED_TOKEN_CACHE_SIZE, max: MAX_VERIFIED_TOKEN_CACHE_SIZE }),
    );
  }
  return globalForTokens.signetVerifiedTokens;
}

function uncached(): VerifiedTokenCache {
  return {
    verify: verifyToken,
    size: 0,
    hits: 0,
    misses: 0,
    clear() {},
  };
}
