import type { Prisma } from "@/lib/generated/prisma/client";
import type { Caller } from "@/lib/auth/caller";

export const AUDIT_ACTIONS = [
  "user.signed_in",
  "project.created",
  "project.renamed",
  "project.deleted",
  "project.policy_changed",
  "member.added",
  "member.removed",
  "member.role_changed",
  "invitation.created",
  "invitation.accepted",
  "invitation.revoked",
  "key.added",
  "key.renamed",
  "key.revoked",
  "token.created",
  "token.revoked",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

type AuditClient = Pick<Prisma.TransactionClient, "auditEvent">;

/** Writes one audit row; call it with the transaction that made the change. */
export async function recordAuditEvent(
  db: AuditClient,
  event: {
    actor: Caller;
    projectId: string | null;
    action: AuditAction;
    targetType?: string;
    targetId?: string;
    metadata?: Prisma.InputJsonValue;
  },
): Promise<void> {
  await db.auditEvent.create({
    data: {
      projectId: event.projectId,
      actorId: event.actor.userId,
      actorEmail: event.actor.email,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      metadata: event.metadata,
      ip: event.actor.meta.ip,
      userAgent: event.actor.meta.userAgent,
    },
  });
}
