import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { listInvitations } from "@/lib/members/invitations";
import { listMembers } from "@/lib/members/members";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { getProject } from "@/lib/projects/projects";
import { AddMemberForm } from "./_components/add-member-form";
import { InvitationsList } from "./_components/invitations-list";
import { MembersList } from "./_components/members-list";

export const metadata: Metadata = { title: "Members" };

export default async function ProjectMembersPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const access = await loadProjectPage(projectId);
  const [project, members, invitations] = await Promise.all([
    getProject({ access }),
    listMembers({ access }),
    listInvitations({ access }),
  ]);
  const isOwner = access.role === "owner";
  return (
    <div className="space-y-6">
      <Card className="space-y-3">
        <div>
          <h2 className="text-base font-semibold">Members</h2>
          <p className="mt-1 text-sm text-slate-600">
            Owners can do everything, including managing members and deleting the project; admins manage keys and
            settings; viewers can only look.
          </p>
        </div>
        {!isOwner ? (
          <p className="text-sm text-slate-600" data-testid="members-read-only-note">
            Only owners can add or remove members and change roles.
          </p>
        ) : null}
        <MembersList
          projectId={access.projectId}
          projectName={project.name}
          members={members}
          currentUserId={access.actor.userId}
          isOwner={isOwner}
        />
      </Card>
      {isOwner ? (
        <Card>
          <AddMemberForm projectId={access.projectId} />
        </Card>
      ) : null}
      {invitations.length ? (
        <Card>
          <InvitationsList projectId={access.projectId} invitations={invitations} isOwner={isOwner} />
        </Card>
      ) : null}
    </div>
  );
}
