import { revokeInvitationAction } from "@/lib/actions/revoke-invitation";
import type { InvitationDto } from "@/lib/members/serialize";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { formatDate, ROLE_LABELS } from "./role-labels";

/** Invitations not yet accepted; owners can revoke them (the link stops working at once). */
export function InvitationsList({ projectId, invitations, isOwner }: { projectId: string; invitations: InvitationDto[]; isOwner: boolean }) {
  return (
    <div className="space-y-2">
      <h2 className="text-base font-semibold">Pending invitations</h2>
      <ul className="divide-y divide-slate-200" aria-label="Pending invitations" data-testid="invitations-list">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="invitation-row">
            <div className="min-w-0">
              <p className="break-all font-medium">{invitation.email}</p>
              <p className="text-xs text-slate-500">
                {ROLE_LABELS[invitation.role]} ·{" "}
                {invitation.status === "expired" ? (
                  <span className="font-medium text-amber-800">expired {formatDate(invitation.expiresAt)}</span>
                ) : (
                  <>expires {formatDate(invitation.expiresAt)}</>
                )}
              </p>
            </div>
            {isOwner ? (
              <ConfirmActionButton
                successMessage="Invitation revoked."
                action={revokeInvitationAction}
                fields={{ projectId, invitationId: invitation.id }}
                label="Revoke"
                ariaLabel={`Revoke the invitation for ${invitation.email}`}
                title={`Revoke the invitation for ${invitation.email}?`}
                description="The invitation link stops working at once. You can invite them again later."
                confirmLabel="Revoke invitation"
                pendingLabel="Revoking…"
                testId="revoke-invitation"
              />
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
