import type { Algorithm } from "@/lib/keys/algorithms";
import type { ProjectPolicy } from "@/lib/verify/types";
import type { Role } from "./roles";

export interface ProjectRow {
  id: string;
  name: string;
  createdAt: Date;
  enforce: boolean;
  requireExp: boolean;
  maxLifetimeSeconds: number | null;
  clockSkewSeconds: number;
  audience: string | null;
  allowedAlgorithms: string[];
}

export const PROJECT_ROW_SELECT = {
  id: true,
  name: true,
  createdAt: true,
  enforce: true,
  requireExp: true,
  maxLifetimeSeconds: true,
  clockSkewSeconds: true,
  audience: true,
  allowedAlgorithms: true,
} as const;

export function policyOf(row: ProjectRow): ProjectPolicy {
  return {
    enforce: row.enforce,
    requireExp: row.requireExp,
    maxLifetimeSeconds: row.maxLifetimeSeconds,
    clockSkewSeconds: row.clockSkewSeconds,
    audience: row.audience,
    allowedAlgorithms: row.allowedAlgorithms.length ? (row.allowedAlgorithms as Algorithm[]) : null,
  };
}

/** The `Project` shape of VERIFY-API.md §1. */
export function serializeProject(row: ProjectRow, role: Role, activeKeyCount: number) {
  return {
    id: row.id,
    name: row.name,
    role,
    createdAt: row.createdAt.toISOString(),
    activeKeyCount,
    policy: policyOf(row),
  };
}

export type ProjectDto = ReturnType<typeof serializeProject>;
