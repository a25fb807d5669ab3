import { getPrisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Caller } from "@/lib/auth/caller";
import { roleAtLeast, type Role } from "./roles";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

declare const projectAccessBrand: unique symbol;

/**
 * Proof that `actor` is a member of `projectId` with `role`. The only way to
 * get one is requireProjectAccess, and every project-scoped domain function
 * takes one and filters by its projectId: tenancy lives here, in one place.
 */
export interface ProjectAccess {
  readonly [projectAccessBrand]: true;
  readonly projectId: string;
  readonly role: Role;
  readonly actor: Caller;
}

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/**
 * Resolves the caller's membership of a project. Not a member (or no such
 * project) → 404, so existence does not leak; a member below `minRole` → 403.
 */
export async function requireProjectAccess({
  caller,
  projectId,
  minRole = "viewer",
}: {
  caller: Caller;
  projectId: string;
  minRole?: Role;
}): Promise<ProjectAccess> {
  const notFound = new AppError("not_found", "Project not found.");
  if (!isUuid(projectId)) throw notFound;
  const membership = await getPrisma().membership.findUnique({
    where: { projectId_userId: { projectId: projectId.toLowerCase(), userId: caller.userId } },
    select: { role: true, projectId: true },
  });
  if (!membership) throw notFound;
  if (!roleAtLeast(membership.role, minRole)) {
    throw new AppError("forbidden", `This needs the ${minRole} role in the project; you are a ${membership.role}.`);
  }
  return { projectId: membership.projectId, role: membership.role, actor: caller } as ProjectAccess;
}
