import { getPrisma } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Caller } from "@/lib/auth/caller";
import { validationError } from "@/lib/validations/errors";
import { createProjectSchema, updateProjectSchema, type PolicyPatch } from "@/lib/validations/projects";
import type { ProjectPolicy } from "@/lib/verify/types";
import type { ProjectAccess } from "./access";
import { PROJECT_ROW_SELECT, policyOf, serializeProject, type ProjectDto } from "./serialize-project";
import { projectChanged } from "./project-events";

const ACTIVE_KEY_COUNT = { _count: { select: { publicKeys: { where: { revokedAt: null } } } } } as const;

/** The caller's projects, newest first. Only memberships are read: nothing else is visible. */
export async function listProjects({ caller }: { caller: Caller }): Promise<ProjectDto[]> {
  const memberships = await getPrisma().membership.findMany({
    where: { userId: caller.userId },
    orderBy: { project: { createdAt: "desc" } },
    select: { role: true, project: { select: { ...PROJECT_ROW_SELECT, ...ACTIVE_KEY_COUNT } } },
  });
  return memberships.map((m) => serializeProject(m.project, m.role, m.project._count.publicKeys));
}

export async function createProject({ caller, input }: { caller: Caller; input: unknown }): Promise<ProjectDto> {
  const parsed = createProjectSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const project = await getPrisma().$transaction(async (tx) => {
    const created = await tx.project.create({
      data: {
        name: parsed.data.name,
        createdById: caller.userId,
        memberships: { create: { userId: caller.userId, role: "owner" } },
      },
      select: PROJECT_ROW_SELECT,
    });
    await recordAuditEvent(tx, {
      actor: caller,
      projectId: created.id,
      action: "project.created",
      targetType: "project",
      targetId: created.id,
      metadata: { name: created.name },
    });
    return created;
  });
  return serializeProject(project, "owner", 0);
}

export async function getProject({ access }: { access: ProjectAccess }): Promise<ProjectDto> {
  const project = await getPrisma().project.findUniqueOrThrow({
    where: { id: access.projectId },
    select: { ...PROJECT_ROW_SELECT, ...ACTIVE_KEY_COUNT },
  });
  return serializeProject(project, access.role, project._count.publicKeys);
}

/** Renames and/or merges a partial policy into the current one (admin and owner). */
export async function updateProject({ access, input }: { access: ProjectAccess; input: unknown }): Promise<ProjectDto> {
  const parsed = updateProjectSchema.safeParse(input ?? {});
  if (!parsed.success) throw validationError(parsed.error);
  const { name, policy } = parsed.data;
  const db = getPrisma();
  const updated = await db.$transaction(async (tx) => {
    const before = await tx.project.findUniqueOrThrow({ where: { id: access.projectId }, select: PROJECT_ROW_SELECT });
    const current = policyOf(before);
    const policyChanges = Object.fromEntries(
      Object.entries(policy ?? {}).filter(
        ([field, value]) => JSON.stringify(value) !== JSON.stringify(current[field as keyof ProjectPolicy]),
      ),
    ) as PolicyPatch;
    const { allowedAlgorithms, ...scalarChanges } = policyChanges;
    const after = await tx.project.update({
      where: { id: access.projectId },
      data: {
        ...(name !== undefined ? { name } : {}),
        ...scalarChanges,
        ...(allowedAlgorithms !== undefined ? { allowedAlgorithms: allowedAlgorithms ?? [] } : {}),
      },
      select: { ...PROJECT_ROW_SELECT, ...ACTIVE_KEY_COUNT },
    });
    if (name !== undefined && name !== before.name) {
      await recordAuditEvent(tx, {
        actor: access.actor,
        projectId: access.projectId,
        action: "project.renamed",
        targetType: "project",
        targetId: access.projectId,
        metadata: { from: before.name, to: name },
      });
    }
    if (Object.keys(policyChanges).length) {
      await recordAuditEvent(tx, {
        actor: access.actor,
        projectId: access.projectId,
        action: "project.policy_changed",
        targetType: "project",
        targetId: access.projectId,
        metadata: { changes: policyChanges },
      });
    }
    return after;
  });
  projectChanged(access.projectId);
  return serializeProject(updated, access.role, updated._count.publicKeys);
}

/** Deletes the project with its keys, members and history (owner only; the caller checks the role). */
export async function deleteProject({ access }: { access: ProjectAccess }): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    const project = await tx.project.delete({ where: { id: access.projectId }, select: { name: true } });
    // The project's own audit rows go with it; this one outlives it.
    await recordAuditEvent(tx, {
      actor: access.actor,
      projectId: null,
      action: "project.deleted",
      targetType: "project",
      targetId: access.projectId,
      metadata: { name: project.name },
    });
  });
  projectChanged(access.projectId);
}
