import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getPrisma } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { isUuid, type ProjectAccess } from "@/lib/projects/access";
import type { Role } from "@/lib/projects/roles";
import { validationError } from "@/lib/validations/errors";
import { createInvitation } from "./invitations";
import { assertNotLastOwner, lockOwners, lockOwnersAsOwner, requireOwner } from "./owner-lock";
import { MEMBER_ROW_SELECT, serializeMember, type InvitationDto, type MemberDto } from "./serialize";
import { addMemberSchema, changeMemberRoleSchema } from "./validations";

const memberNotFound = () => new AppError("not_found", "Member not found.");
const membershipKey = (access: ProjectAccess, userId: string) => ({
  projectId_userId: { projectId: access.projectId, userId: userId.toLowerCase() },
});

function alreadyMember(email: string, role: Role): AppError {
  const message = `${email} is already a member of this project (${role}). Change their role instead.`;
  return new AppError("already_member", message, { details: { fields: { email: message } } });
}

/** The project's members: owners first, then admins, then viewers; each group by join date. */
export async function listMembers({ access }: { access: ProjectAccess }): Promise<MemberDto[]> {
  const rows = await getPrisma().membership.findMany({
    where: { projectId: access.projectId },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }, { userId: "asc" }],
    select: MEMBER_ROW_SELECT,
  });
  return rows.map(serializeMember);
}

export type AddMemberResult =
  | { result: "added"; member: MemberDto }
  | { result: "invited"; invitation: InvitationDto; invitePath: string };

/**
 * Owner only. An email with an account becomes a member at once; any other email gets a pending
 * invitation whose one-time link (`/invitations/sgi_…`) is returned here and never again.
 */
export async function addMember({ access, input }: { access: ProjectAccess; input: unknown }): Promise<AddMemberResult> {
  requireOwner(access);
  const parsed = addMemberSchema.safeParse(input ?? {});
  if (!parsed.success) throw validationError(parsed.error);
  const { email, role } = parsed.data;
  try {
    return await getPrisma().$transaction(async (tx): Promise<AddMemberResult> => {
      await lockOwnersAsOwner(tx, access);
      const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
      if (!user) return { result: "invited", ...(await createInvitation(tx, { access, email, role })) };
      const existing = await tx.membership.findUnique({ where: membershipKey(access, user.id), select: { role: true } });
      if (existing) throw alreadyMember(email, existing.role);
      const row = await tx.membership.create({
        data: { projectId: access.projectId, userId: user.id, role },
        select: MEMBER_ROW_SELECT,
      });
      // A direct add makes any pending invitation for the same person pointless.
      await tx.invitation.deleteMany({ where: { projectId: access.projectId, email, acceptedAt: null } });
      await recordAuditEvent(tx, {
        actor: access.actor,
        projectId: access.projectId,
        action: "member.added",
        targetType: "user",
        targetId: user.id,
        metadata: { email, role },
      });
      return { result: "added", member: serializeMember(row) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyMember(email, role);
    throw error;
  }
}

/** Owner only. The last owner cannot be demoted (409 last_owner), even by two owners racing. */
export async function changeMemberRole({
  access,
  userId,
  input,
}: {
  access: ProjectAccess;
  userId: string;
  input: unknown;
}): Promise<MemberDto> {
  requireOwner(access);
  if (!isUuid(userId)) throw memberNotFound();
  const parsed = changeMemberRoleSchema.safeParse(input ?? {});
  if (!parsed.success) throw validationError(parsed.error);
  const { role } = parsed.data;
  return getPrisma().$transaction(async (tx) => {
    const owners = await lockOwnersAsOwner(tx, access);
    const before = await tx.membership.findUnique({ where: membershipKey(access, userId), select: MEMBER_ROW_SELECT });
    if (!before) throw memberNotFound();
    if (before.role === role) return serializeMember(before);
    if (role !== "owner") assertNotLastOwner(owners, before.user.id);
    const after = await tx.membership.update({ where: membershipKey(access, userId), data: { role }, select: MEMBER_ROW_SELECT });
    await recordAuditEvent(tx, {
      actor: access.actor,
      projectId: access.projectId,
      action: "member.role_changed",
      targetType: "user",
      targetId: after.user.id,
      metadata: { email: after.user.email, from: before.role, to: role },
    });
    return serializeMember(after);
  });
}

/**
 * An owner removes anyone; any member may remove themselves (leave). The last owner can do neither
 * (409 last_owner): the project would be left without anyone able to manage it.
 */
export async function removeMember({ access, userId }: { access: ProjectAccess; userId: string }): Promise<void> {
  if (!isUuid(userId)) throw memberNotFound();
  const leaving = userId.toLowerCase() === access.actor.userId;
  if (!leaving) requireOwner(access);
  await getPrisma().$transaction(async (tx) => {
    const owners = leaving ? await lockOwners(tx, access.projectId) : await lockOwnersAsOwner(tx, access);
    const member = await tx.membership.findUnique({ where: membershipKey(access, userId), select: MEMBER_ROW_SELECT });
    if (!member) throw memberNotFound();
    assertNotLastOwner(owners, member.user.id);
    await tx.membership.delete({ where: membershipKey(access, userId) });
    await recordAuditEvent(tx, {
      actor: access.actor,
      projectId: access.projectId,
      action: "member.removed",
      targetType: "user",
      targetId: member.user.id,
      metadata: { email: member.user.email, role: member.role, left: leaving },
    });
  });
}
