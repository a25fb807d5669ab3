import { removeMemberAction } from "@/lib/actions/remove-member";
import type { MemberDto } from "@/lib/members/serialize";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { MemberRoleForm } from "./member-role-form";
import { formatDate, ROLE_LABELS } from "./role-labels";

/** Members with their roles; owners get a role picker and Remove, everyone gets Leave on their own row. */
export function MembersList({
  projectId,
  projectName,
  members,
  currentUserId,
  isOwner,
}: {
  projectId: string;
  projectName: string;
  members: MemberDto[];
  currentUserId: string;
  isOwner: boolean;
}) {
  return (
    <ul className="divide-y divide-slate-200" aria-label="Members" data-testid="members-list">
      {members.map((member) => {
        const self = member.userId === currentUserId;
        return (
          <li key={member.userId} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="member-row">
            <div className="min-w-0">
              <p className="break-all font-medium" data-testid="member-email">
                {member.email}
                {self ? <span className="ml-1 text-sm font-normal text-slate-500">(you)</span> : null}
              </p>
              <p className="text-xs text-slate-500">
                {member.name ? `${member.name} · ` : ""}joined {formatDate(member.joinedAt)}
              </p>
            </div>
            <div className="flex flex-wrap items-center gap-2">
              {isOwner ? (
                <MemberRoleForm projectId={projectId} userId={member.userId} email={member.email} role={member.role} />
              ) : (
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700" data-testid="member-role">
                  {ROLE_LABELS[member.role]}
                </span>
              )}
              {self ? (
                <ConfirmActionButton
                  action={removeMemberAction}
                  fields={{ projectId, userId: member.userId }}
                  label="Leave"
                  ariaLabel="Leave this project"
                  title={`Leave ${projectName}?`}
                  description="You lose access to this project at once; an owner can add you again."
                  confirmLabel="Leave project"
                  pendingLabel="Leaving…"
                  testId="leave-project"
                />
              ) : isOwner ? (
                <ConfirmActionButton
                  action={removeMemberAction}
                  fields={{ projectId, userId: member.userId }}
                  label="Remove"
                  ariaLabel={`Remove ${member.email}`}
                  title={`Remove ${member.email}?`}
                  description={`${member.email} loses access to ${projectName} at once. Their own access tokens keep working for their other projects.`}
                  confirmLabel="Remove member"
                  pendingLabel="Removing…"
                  testId="remove-member"
                  successMessage={`${member.email} removed.`}
                />
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
