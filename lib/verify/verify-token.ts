import { isSupportedAlgorithm } from "@/lib/keys/algorithms";
import { claimsFailure } from "./claims";
import { parseCompactJws } from "./compact-jws";
import { resolveKey } from "./resolve-key";
import { algorithmFitsKey, verifySignature } from "./signature";
import {
  FAILURE_MESSAGES,
  FAILURE_REASONS,
  JSON_RPC_ERROR_CODE,
  type FailureReason,
  type ProjectSnapshot,
  type Verdict,
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
  if (project === null || project === undefined) return fail(projectId, "unknown_project");
  const id = project.projectId;
  const policy = project.policy;
  if (!policy.enforce || project.keysByKid.size === 0) return { valid: true, enforced: false, projectId: id };

  const request = typeof input === "object" && input !== null ? input : NO_INPUT;
  const token = request.token;
  if (token === undefined || token === null || token === "") return fail(id, "missing_token");

  const jws = parseCompactJws(token);
  if (jws === null) return fail(id, "malformed_token");

  const alg = jws.alg;
  const allowed = policy.allowedAlgorithms;
  if (!isSupportedAlgorithm(alg) || (allowed != null && !allowed.includes(alg))) {
    return fail(id, "unsupported_algorithm");
  }

  const key = resolveKey(project, jws);
  if (typeof key === "string") return fail(id, key);
  const kid = key.kid;
  if (key.revoked) return fail(id, "revoked_key", kid);
  if (!key.algorithms.includes(alg) || !algorithmFitsKey(alg, key)) return fail(id, "algorithm_mismatch", kid);
  if (!verifySignature(alg, key.publicKey, jws.signingInput, jws.signature)) {
    return fail(id, "signature_invalid", kid);
  }

  const reason = claimsFailure(jws, policy, request, nowSeconds);
  if (reason !== null) return fail(id, reason, kid);
  return { valid: true, enforced: true, projectId: id, kid, alg, claims: jws.payload };
}
