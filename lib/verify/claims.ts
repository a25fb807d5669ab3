import { audienceMatches, expectedAudience } from "./audience";
import { bodyHashMatches } from "./body-hash";
import { hasOwn, type TokenClaims } from "./compact-jws";
import { methodPermitted } from "./permissions";
import type { FailureReason, ProjectPolicy, VerifyInput } from "./types";

// Every comparison below is written so that NaN (a bad clock or policy value) fails closed.
function timeFailure(jws: TokenClaims, policy: ProjectPolicy, now: number): FailureReason | null {
  const skew = Number.isFinite(policy.clockSkewSeconds) && policy.clockSkewSeconds > 0 ? policy.clockSkewSeconds : 0;
  const { exp, nbf, iat } = jws;
  // RFC 7519 §4.1.4: expired "on or after" exp.
  if (exp !== undefined && !(now - skew < exp)) return "expired_token";
  if (nbf !== undefined && !(now + skew >= nbf)) return "token_not_yet_valid";
  if (iat !== undefined && !(iat <= now + skew)) return "token_not_yet_valid";
  const maxLifetime = policy.maxLifetimeSeconds;
  if (exp === undefined) {
    return policy.requireExp || maxLifetime !== null ? "missing_exp" : null;
  }
  if (maxLifetime !== null && !(exp - (iat ?? now) <= maxLifetime)) return "lifetime_exceeded";
  return null;
}

/** The claim checks, in the order of the reason table; call only after the signature verified. */
export function claimsFailure(
  jws: TokenClaims,
  policy: ProjectPolicy,
  input: VerifyInput,
  now: number,
): FailureReason | null {
  const timeReason = timeFailure(jws, policy, now);
  if (timeReason !== null) return timeReason;

  const payload = jws.payload;
  const audience = expectedAudience(policy, input);
  if (audience !== null && hasOwn(payload, "aud") && !audienceMatches(payload.aud, audience)) {
    return "audience_mismatch";
  }
  if (hasOwn(payload, "bodyHash") && !bodyHashMatches(payload.bodyHash, input)) return "body_hash_mismatch";
  const method = input.method;
  if (typeof method === "string" && method !== "" && hasOwn(payload, "permissions")) {
    if (!methodPermitted(payload.permissions, method)) return "permission_denied";
  }
  return null;
}
