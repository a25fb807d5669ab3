import type { ProjectPolicy, ProjectSnapshot, VerificationKey } from "./types";

/** An active key takes a map slot from a revoked one; otherwise the first key keeps it. */
function putPreferringActive(map: Map<string, VerificationKey>, mapKey: string, key: VerificationKey): void {
  const existing = map.get(mapKey);
  if (existing === undefined || (existing.revoked && !key.revoked)) map.set(mapKey, key);
}

export interface BuildProjectSnapshotOptions {
  projectId: string;
  policy: ProjectPolicy;
  /** Every key the project has ever had, active and revoked. */
  keys: readonly VerificationKey[];
}

export function buildProjectSnapshot({ projectId, policy, keys }: BuildProjectSnapshotOptions): ProjectSnapshot {
  const keysByKid = new Map<string, VerificationKey>();
  for (const key of keys) putPreferringActive(keysByKid, key.kid, key);
  let keysBySpki: Map<string, VerificationKey> | undefined;
  return {
    projectId,
    policy,
    keysByKid,
    get keysBySpki() {
      if (keysBySpki === undefined) {
        keysBySpki = new Map();
        for (const key of keysByKid.values()) if (key.spki !== "") putPreferringActive(keysBySpki, key.spki, key);
      }
      return keysBySpki;
    },
  };
}
