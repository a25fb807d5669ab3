import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Caller } from "@/lib/auth/caller";
import { generateOpaqueToken, hashOpaqueToken } from "@/lib/auth/opaque-token";
import { getPrisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid, type ProjectAccess } from "@/lib/projects/access";
import type { Role } from "@/lib/projects/roles";
import { lockOwnersAsOwner, requireOwner } from "./owner-lock";
import { INVITATION_ROW_SELECT, invitationStatus, serializeInvitation, type InvitationDto, type InvitationStatus } from "./serialize";

export const INVITATION_TTL_DAYS = 7;
const INVITATION_TOKEN = /^sgi_[A-Za-z0-9_-]{43}$/;

const INVALID_LINK =
  "This invitation link is not valid: it may have been revoked or replaced by a newer invitation, or it was copied incompletely.";
const invalidLink = () => new AppError("not_found", INVALID_LINK, { details: { reason: "invalid" } });

export const invitePathFor = (token: string) => `/invitations/${token}`;

/** Creates a pending invitation inside the caller's transaction, replacing older pending ones for the same email. */
export async function createInvitation(
  tx: Prisma.TransactionClient,
  { access, email, role }: { access: ProjectAccess; email: string; role: Role },
): Promise<{ invitation: InvitationDto; invitePath: string }> {
  const { token, tokenHash } = generateOpaqueToken("sgi");
  const now = new Date();
  const replaced = await tx.invitation.deleteMany({ where: { projectId: access.projectId, email, acceptedAt: null } });
  const row = await tx.invitation.create({
    data: {
      projectId: access.projectId,
      email,
      role,
      tokenHash,
      invitedById: access.actor.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000),
    },
    select: INVITATION_ROW_SELECT,
  });
  await recordAuditEvent(tx, {
    actor: access.actor,
    projectId: access.projectId,
    action: "invitation.created",
    targetType: "invitation",
    targetId: row.id,
    metadata: { email, role, replaced: replaced.count },
  });
  return { invitation: serializeInvitation(row), invitePath: invitePathFor(token) };
}

/** Invitations not yet accepted (pending or expired), newest first. */
export async function listInvitations({ access }: { access: ProjectAccess }): Promise<InvitationDto[]> {
  const rows = await getPrisma().invitation.findMany({
    where: { projectId: access.projectId, acceptedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: INVITATION_ROW_SELECT,
  });
  return rows.map(serializeInvitation);
}

/** Owner only. Revoking deletes the invitation, so its link stops working at once. */
export async function revokeInvitation({ access, invitationId }: { access: ProjectAccess; invitationId: string }): Promise<void> {
  requireOwner(access);
  const notFound = new AppError("not_found", "Invitation not found (it may have been accepted or revoked already).");
  if (!isUuid(invitationId)) throw notFound;
  await getPrisma().$transaction(async (tx) => {
    await lockOwnersAsOwner(tx, access);
    const where = { id: invitationId.toLowerCase(), projectId: access.projectId, acceptedAt: null };
    const deleted = await tx.invitation.findFirst({ where, select: { id: true, email: true, role: true } });
    if (!deleted || (await tx.invitation.deleteMany({ where })).count === 0) throw notFound;
    await recordAuditEvent(tx, {
      actor: access.actor,
      projectId: access.projectId,
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: deleted.id,
      metadata: { email: deleted.email, role: deleted.role },
    });
  });
}

export interface InvitationPreview {
  projectId: string;
  projectName: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  expiresAt: string;
  /** Whether `caller` (when given) is already a member of the project. */
  joined: boolean;
}

/** What the accept page shows to whoever holds the link (the link is the secret). */
export async function getInvitationPreview({ token, caller }: { token: string; caller?: Caller }): Promise<InvitationPreview | null> {
  if (!INVITATION_TOKEN.test(token)) return null;
  const row = await getPrisma().invitation.findUnique({
    where: { tokenHash: hashOpaqueToken(token) },
    select: { ...INVITATION_ROW_SELECT, project: { select: { id: true, name: true } } },
  });
  if (!row) return null;
  const membership = caller
    ? await getPrisma().membership.findUnique({
        where: { projectId_userId: { projectId: row.project.id, userId: caller.userId } },
        select: { role: true },
      })
    : null;
  return {
    projectId: row.project.id,
    projectName: row.project.name,
    email: row.email,
    role: row.role,
    status: invitationStatus(row),
    expiresAt: row.expiresAt.toISOString(),
    joined: membership !== null,
  };
}

/**
 * The signed-in user accepts an invitation sent to their email (compared case-insensitively): one
 * transaction claims the invitation (only while still pending) and creates the membership. Opening a link
 * one has already used answers as a success; an expired, used or revoked link answers with why.
 */
export async function acceptInvitation({ caller, token }: { caller: Caller; token: string }): Promise<{ projectId: string; role: Role }> {
  if (!INVITATION_TOKEN.test(token)) throw invalidLink();
  const db = getPrisma();
  const where = { tokenHash: hashOpaqueToken(token) };
  const invitation = await db.invitation.findUnique({ where, select: ACCEPT_SELECT });
  if (!invitation) throw invalidLink();
  if (invitationStatus(invitation) !== "pending") return explainUnclaimable(caller, invitation);
  assertSameEmail(invitation.email, caller.email);

  const { projectId } = invitation;
  const joined = await db.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count === 0) return null;
    const membership = await tx.membership.upsert({
      where: { projectId_userId: { projectId, userId: caller.userId } },
      create: { projectId, userId: caller.userId, role: invitation.role },
      update: {},
      select: { role: true },
    });
    await recordAuditEvent(tx, {
      actor: caller,
      projectId,
      action: "invitation.accepted",
      targetType: "user",
      targetId: caller.userId,
      metadata: { email: caller.email, role: membership.role, invitationId: invitation.id },
    });
    return { projectId, role: membership.role };
  });
  if (joined) return joined;
  // Lost a race (accepted or revoked meanwhile): explain from the current row.
  const current = await db.invitation.findUnique({ where, select: ACCEPT_SELECT });
  if (!current) throw invalidLink();
  return explainUnclaimable(caller, current);
}

const ACCEPT_SELECT = { id: true, projectId: true, email: true, role: true, expiresAt: true, acceptedAt: true } as const;

function assertSameEmail(invited: string, signedIn: string): void {
  if (invited.toLowerCase() === signedIn.toLowerCase()) return;
  throw new AppError(
    "forbidden",
    `This invitation is for ${invited}, and you are signed in as ${signedIn}. Sign out, sign in or sign up with ${invited}, then open the link again.`,
    { details: { reason: "email_mismatch" } },
  );
}

/** Why a link cannot be claimed; whoever already joined through it just gets their membership back. */
async function explainUnclaimable(
  caller: Caller,
  invitation: { projectId: string; email: string; expiresAt: Date; acceptedAt: Date | null },
): Promise<{ projectId: string; role: Role }> {
  if (invitation.acceptedAt) {
    const membership = await getPrisma().membership.findUnique({
      where: { projectId_userId: { projectId: invitation.projectId, userId: caller.userId } },
      select: { role: true },
    });
    if (membership && invitation.email.toLowerCase() === caller.email.toLowerCase()) {
      return { projectId: invitation.projectId, role: membership.role };
    }
    throw new AppError("not_found", "This invitation has already been used. Ask an owner of the project for a new one.", {
      details: { reason: "used" },
    });
  }
  throw new AppError("not_found", "This invitation has expired. Ask an owner of the project for a new one.", {
    details: { reason: "expired" },
  });
}
