/**
 * Besu-style `permissions`: "eth_blockNumber" is group "eth", name "blockNumber"
 * (split at the first underscore), allowed by "*:*", "eth:*" or "eth:blockNumber".
 */
export function methodPermitted(permissions: unknown, method: string): boolean {
  if (!Array.isArray(permissions)) return false;
  const underscore = method.indexOf("_");
  const group = underscore === -1 ? method : method.slice(0, underscore);
  const name = underscore === -1 ? "" : method.slice(underscore + 1);
  const groupWildcard = `${group}:*`;
  const exact = `${group}:${name}`;
  for (const entry of permissions) {
    if (entry === "*:*" || entry === groupWildcard || entry === exact) return true;
  }
  return false;
}
