import type { KeyObject } from "node:crypto";
import type { Algorithm, Curve, KeyType } from "@/lib/keys/algorithms";

/** Per-project token policy (PRODUCT.md "Token policy"). */
export interface ProjectPolicy {
  enforce: boolean;
  requireExp: boolean;
  maxLifetimeSeconds: number | null;
  clockSkewSeconds: number;
  audience: string | null;
  allowedAlgorithms: Algorithm[] | null;
}

export const DEFAULT_POLICY: ProjectPolicy = {
  enforce: true,
  requireExp: false,
  maxLifetimeSeconds: null,
  clockSkewSeconds: 5,
  audience: null,
  allowedAlgorithms: null,
};

/** A key as the verifier holds it in memory. */
export interface VerificationKey {
  kid: string;
  revoked: boolean;
  keyType: KeyType;
  curve: Curve | null;
  /**
   * The algorithms this key may verify (as narrowed by the owner); narrowed further to what
   * the material can verify when the material is made (key-material.ts).
   */
  algorithms: readonly Algorithm[];
  /**
   * Base64 of the key's SPKI DER, no whitespace: the source of its material, and the map key
   * for thirdweb-style tokens whose `iss` is the public key.
   */
  spki: string;
  /** The KeyObject once made by keyMaterial() (null: the SPKI does not parse); absent until first use. */
  material?: KeyObject | null;
}

/** Everything the pure verifier needs to know about one project. */
export interface ProjectSnapshot {
  projectId: string;
  policy: ProjectPolicy;
  /** Every key the project has ever had, active and revoked, by kid. */
  keysByKid: ReadonlyMap<string, VerificationKey>;
  /** The same keys by `spki`, for `iss` matching: built on first read (few projects need it). */
  readonly keysBySpki: ReadonlyMap<string, VerificationKey>;
}

export interface VerifyInput {
  token?: string | null;
  /** The audience (host) the gateway serves. */
  audience?: string | null;
  /** JSON-RPC method, e.g. "eth_blockNumber", checked against a `permissions` claim. */
  method?: string | null;
  /** Raw request body, for a `bodyHash` claim. */
  body?: string | null;
  /** SHA-256 hex of the body, instead of `body`. */
  bodySha256?: string | null;
}

export const FAILURE_REASONS = [
  "unknown_project",
  "missing_token",
  "malformed_token",
  "unsupported_algorithm",
  "empty_key_id",
  "unknown_key",
  "revoked_key",
  "algorithm_mismatch",
  "signature_invalid",
  "expired_token",
  "token_not_yet_valid",
  "missing_exp",
  "lifetime_exceeded",
  "audience_mismatch",
  "body_hash_mismatch",
  "permission_denied",
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export const JSON_RPC_ERROR_CODE = -32013;

export const FAILURE_MESSAGES: Readonly<Record<FailureReason, string>> = {
  unknown_project: "unknown project",
  missing_token: "missing JWT token",
  malformed_token: "invalid JWT token (malformatted token)",
  unsupported_algorithm: "invalid JWT token (unsupported algorithm)",
  empty_key_id: "invalid JWT token (empty key id)",
  unknown_key: "invalid JWT token (empty configuration)",
  revoked_key: "invalid JWT token (revoked key)",
  algorithm_mismatch: "invalid JWT token (algorithm does not match key)",
  signature_invalid: "invalid JWT token (signature verification failed)",
  expired_token: "invalid JWT token (expired token)",
  token_not_yet_valid: "invalid JWT token (not reached nbf)",
  missing_exp: "invalid JWT token (missing exp)",
  lifetime_exceeded: "invalid JWT token (lifetime exceeds project limit)",
  audience_mismatch: "invalid JWT token (audience mismatch)",
  body_hash_mismatch: "invalid JWT token (body hash mismatch)",
  permission_denied: "invalid JWT token (permission denied)",
};

export type Verdict =
  | {
      valid: true;
      enforced: true;
      projectId: string;
      kid: string;
      alg: Algorithm;
      claims: Record<string, unknown>;
    }
  | { valid: true; enforced: false; projectId: string }
  | {
      valid: false;
      enforced: true;
      projectId: string;
      error: { code: typeof JSON_RPC_ERROR_CODE; reason: FailureReason; message: string };
      /** The kid the failure concerns, when one was resolved (for usage counters; not part of the HTTP answer). */
      kid?: string;
    };
