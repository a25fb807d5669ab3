import { createHash } from "node:crypto";
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
}

export const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 50_000;

export function createVerifiedTokenCache(maxEntries = DEFAULT_VERIFIED_TOKEN_CACHE_SIZE): VerifiedTokenCache {
  const entries = new Map<string, Entry>();
  let hits = 0;
  let misses = 0;

  function remember(digest: string, entry: Entry) {
    if (entries.size >= maxEntries) {
      // Oldest first (Map keeps insertion order): bounded memory whatever the traffic.
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    entries.set(digest, entry);
  }

  return {
    verify(projectId, project, input, nowSeconds) {
      const early = verdictBeforeSignature(projectId, project, input);
      if (early !== null) return early;
      const token = input?.token;
      // Over-long input is malformed anyway: never hash more than the limit allows.
      if (typeof token !== "string" || token.length > MAX_TOKEN_BYTES) return verifyToken(projectId, project, input, nowSeconds);
      const snapshot = project as ProjectSnapshot;

      const digest = createHash("sha256").update(token).digest("base64");
      const cached = entries.get(digest);
      if (cached !== undefined && cached.project === snapshot) {
        hits++;
        return verdictFromOutcome(snapshot, cached.outcome, input, nowSeconds);
      }
      misses++;
      const outcome = verifySignatureStage(snapshot, token);
      // Malformed input is cheap to re-reject; remember only what cost a key lookup or a signature.
      if (outcome.ok || outcome.kid !== undefined) remember(digest, { project: snapshot, outcome });
      else if (cached !== undefined) entries.delete(digest);
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
    },
  };
}

const globalForTokens = globalThis as unknown as { signetVerifiedTokens?: VerifiedTokenCache };

/** The process's cache (SIGNET_VERIFIED_TOKEN_CACHE_SIZE entries; 0 turns it off). */
export function getVerifiedTokenCache(): VerifiedTokenCache {
  if (!globalForTokens.signetVerifiedTokens) {
    const configured = Number(process.env.SIGNET_VERIFIED_TOKEN_CACHE_SIZE);
    const size = Number.isInteger(configured) && configured >= 0 ? configured : DEFAULT_VERIFIED_TOKEN_CACHE_SIZE;
    globalForTokens.signetVerifiedTokens = size === 0 ? uncached() : createVerifiedTokenCache(size);
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
