import { isSupportedAlgorithm, type Algorithm } from "@/lib/keys/algorithms";
import { claimsFailure } from "./claims";
import { parseCompactJws, type TokenClaims } from "./compact-jws";
import { keyMaterial } from "./key-material";
import { resolveKey } from "./resolve-key";
import { algorithmFitsKey, verifySignature } from "./signature";
import {
  FAILURE_MESSAGES,
  FAILURE_REASONS,
  JSON_RPC_ERROR_CODE,
  type FailureReason,
  type ProjectSnapshot,
  type Verdict,
  type VerificationKey,
  type VerifyInput,
} from "./types";

export { MAX_TOKEN_BYTES } from "./compact-jws";
export { buildProjectSnapshot, type BuildProjectSnapshotOptions } from "./project-snapshot";
export { spkiKeyFromPem } from "./spki";

type FailureVerdict = Extract<Verdict, { valid: false }>;
type VerdictError = FailureVerdict["error"];

// Shared and frozen: a failure costs one small object, not two.
const ERRORS = Object.fromEntries(
  FAILURE_REASONS.map((reason) => [
    reason,
    Object.freeze({ code: JSON_RPC_ERROR_CODE, reason, message: FAILURE_MESSAGES[reason] }),
  ]),
) as Record<FailureReason, VerdictError>;

function fail(projectId: string, reason: FailureReason, kid?: string): FailureVerdict {
  return kid === undefined
    ? { valid: false, enforced: true, projectId, error: ERRORS[reason] }
    : { valid: false, enforced: true, projectId, error: ERRORS[reason], kid };
}

const NO_INPUT: VerifyInput = {};

/** What the signature stage yields: a verified token's claims and its key, or why it failed. */
export type SignatureOutcome =
  | { ok: true; claims: TokenClaims; key: VerificationKey; alg: Algorithm }
  | { ok: false; reason: FailureReason; kid?: string };

/**
 * Everything up to and including the signature check: a function of the token
 * and the project snapshot only (not of the time or the gateway's input), so
 * its outcome can be remembered per snapshot (verified-token-cache.ts).
 */
export function verifySignatureStage(project: ProjectSnapshot, token: string): SignatureOutcome {
  const jws = parseCompactJws(token);
  if (jws === null) return { ok: false, reason: "malformed_token" };

  const alg = jws.alg;
  const allowed = project.policy.allowedAlgorithms;
  if (!isSupportedAlgorithm(alg) || (allowed != null && !allowed.includes(alg))) {
    return { ok: false, reason: "unsupported_algorithm" };
  }

  const key = resolveKey(project, jws);
  if (typeof key === "string") return { ok: false, reason: key };
  const kid = key.kid;
  if (key.revoked) return { ok: false, reason: "revoked_key", kid };
  // Made on first use; also narrows key.algorithms to what the material can verify.
  const material = keyMaterial(key);
  if (material === null) return { ok: false, reason: "revoked_key", kid };
  if (!key.algorithms.includes(alg) || !algorithmFitsKey(alg, key)) return { ok: false, reason: "algorithm_mismatch", kid };
  if (!verifySignature(alg, material, jws.signingInput, jws.signature)) {
    return { ok: false, reason: "signature_invalid", kid };
  }
  return { ok: true, claims: jws, key, alg };
}

/** The verdict for a token whose signature stage ended with `outcome`: claims are checked now. */
export function verdictFromOutcome(
  project: ProjectSnapshot,
  outcome: SignatureOutcome,
  input: VerifyInput,
  nowSeconds: number,
): Verdict {
  const id = project.projectId;
  if (!outcome.ok) return fail(id, outcome.reason, outcome.kid);
  const kid = outcome.key.kid;
  const reason = claimsFailure(outcome.claims, project.policy, input, nowSeconds);
  if (reason !== null) return fail(id, reason, kid);
  return { valid: true, enforced: true, projectId: id, kid, alg: outcome.alg, claims: outcome.claims.payload };
}

/**
 * Answers the checks before the signature (unknown project, enforcement, missing
 * token); null when the token has to be verified.
 */
export function verdictBeforeSignature(
  projectId: string,
  project: ProjectSnapshot | null,
  input: VerifyInput,
): Verdict | null {
  if (project === null || project === undefined) return fail(projectId, "unknown_project");
  if (!project.policy.enforce || project.keysByKid.size === 0) return { valid: true, enforced: false, projectId: project.projectId };
  const token = (typeof input === "object" && input !== null ? input : NO_INPUT).token;
  if (token === undefined || token === null || token === "") return fail(project.projectId, "missing_token");
  return null;
}

/**
 * Verifies one token for one project at `nowSeconds`. Pure and synchronous; never
 * throws; checks run in the order of the reason table (VERIFY-API.md §2), and no
 * claim is looked at before the signature verified.
 */
export function verifyToken(
  projectId: string,
  project: ProjectSnapshot | null,
  input: VerifyInput,
  nowSeconds: number,
): Verdict {
  const early = verdictBeforeSignature(projectId, project, input);
  if (early !== null) return early;
  const snapshot = project as ProjectSnapshot;
  const request = typeof input === "object" && input !== null ? input : NO_INPUT;
  return verdictFromOutcome(snapshot, verifySignatureStage(snapshot, request.token as string), request, nowSeconds);
}
