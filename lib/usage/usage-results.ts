import { FAILURE_REASONS } from "@/lib/verify/types";

// What a usage counter's `result` can be: "valid" or a failure reason. Safe to import from client
// components (no database code here).

export const VALID = "valid";

/** Short names for charts and tables; the API keeps the machine-readable codes. */
export const RESULT_LABELS: Readonly<Record<string, string>> = {
  [VALID]: "Valid",
  unknown_project: "Unknown project",
  missing_token: "Missing token",
  malformed_token: "Malformed token",
  unsupported_algorithm: "Unsupported algorithm",
  empty_key_id: "No key ID",
  unknown_key: "Unknown key",
  revoked_key: "Revoked key",
  algorithm_mismatch: "Algorithm mismatch",
  signature_invalid: "Bad signature",
  expired_token: "Expired",
  token_not_yet_valid: "Not yet valid",
  missing_exp: "Missing exp",
  lifetime_exceeded: "Lifetime too long",
  audience_mismatch: "Audience mismatch",
  body_hash_mismatch: "Body hash mismatch",
  permission_denied: "Permission denied",
};

export const resultLabel = (result: string): string => RESULT_LABELS[result] ?? result;

const RANK: ReadonlyMap<string, number> = new Map([VALID, ...FAILURE_REASONS].map((result, index) => [result, index]));

/** "valid" first, then the failure reasons in the order they are checked, then anything unknown by name. */
export function compareResults(a: string, b: string): number {
  const rankA = RANK.get(a) ?? Number.MAX_SAFE_INTEGER;
  const rankB = RANK.get(b) ?? Number.MAX_SAFE_INTEGER;
  return rankA !== rankB ? rankA - rankB : a.localeCompare(b);
}
