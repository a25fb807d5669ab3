import type { Role } from "@/lib/projects/roles";

export const MEMBER_ROW_SELECT = {
  role: true,
  createdAt: true,
  user: { select: { id: true, email: true, name: true } },
} as const;

interface MemberRow {
  role: Role;
  createdAt: Date;
  user: { id: string; email: string; name: string | null };
}

/** A project member as the API returns it. */
export function serializeMember(row: MemberRow) {
  return {
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role: row.role,
    joinedAt: row.createdAt.toISOString(),
  };
}

export type MemberDto = ReturnType<typeof serializeMember>;

export const INVITATION_ROW_SELECT = {
  id: true,
  email: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  acceptedAt: true,
  invitedById: true,
} as const;

interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  invitedById: string | null;
}

export type InvitationStatus = "pending" | "expired" | "accepted";

export function invitationStatus(row: Pick<InvitationRow, "expiresAt" | "acceptedAt">, now = Date.now()): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  return row.expiresAt.getTime() <= now ? "expired" : "pending";
}

/** An invitation as the API returns it: never its token, which exists only in the link. */
export function serializeInvitation(row: InvitationRow) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus(row),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    invitedById: row.invitedById,
  };
}

export type InvitationDto = ReturnType<typeof serializeInvitation>;
