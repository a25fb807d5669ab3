// One fixed colour per result, so a reason looks the same in every chart and table.
const COLORS: Readonly<Record<string, string>> = {
  valid: "#10b981",
  unknown_project: "#475569",
  missing_token: "#94a3b8",
  malformed_token: "#f97316",
  unsupported_algorithm: "#a855f7",
  empty_key_id: "#64748b",
  unknown_key: "#0284c7",
  revoked_key: "#78716c",
  algorithm_mismatch: "#d946ef",
  signature_invalid: "#e11d48",
  expired_token: "#f59e0b",
  token_not_yet_valid: "#06b6d4",
  missing_exp: "#6366f1",
  lifetime_exceeded: "#8b5cf6",
  audience_mismatch: "#0d9488",
  body_hash_mismatch: "#ec4899",
  permission_denied: "#b91c1c",
};

export const resultColor = (result: string): string => COLORS[result] ?? "#334155";

export function ResultSwatch({ result }: { result: string }) {
  return <span aria-hidden="true" className="inline-block size-3 shrink-0 rounded-sm" style={{ backgroundColor: resultColor(result) }} />;
}
