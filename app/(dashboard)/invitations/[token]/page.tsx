import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { sessionCaller } from "@/lib/auth/caller";
import { getInvitationPreview } from "@/lib/members/invitations";
import { SignOutButton } from "../../_components/sign-out-button";
import { AcceptInvitationForm } from "./_components/accept-invitation-form";

// The token is in this page's URL: never send it on as a Referer.
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

const ROLE_WORDS = { owner: "an owner", admin: "an admin", viewer: "a viewer" } as const;

function Notice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card className="mx-auto max-w-lg space-y-3">
      <h1 className="text-xl font-semibold">{title}</h1>
      <div className="space-y-3 text-sm text-slate-700">{children}</div>
    </Card>
  );
}

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const caller = await sessionCaller();
  // The dashboard layout sends signed-out visitors to /sign-in; the invitee signs in and opens the link again.
  if (!caller) redirect("/sign-in");
  const invitation = await getInvitationPreview({ token, caller });
  const projects = <Link href="/projects" className="font-medium text-indigo-700 underline">Go to your projects</Link>;

  if (!invitation) {
    return (
      <Notice title="Invitation not valid">
        <p>This invitation link is not valid: it may have been revoked or replaced by a newer invitation, or it was copied incompletely.</p>
        <p>Ask an owner of the project for a new link. {projects}.</p>
      </Notice>
    );
  }
  const sameEmail = invitation.email.toLowerCase() === caller.email.toLowerCase();
  if (invitation.status === "accepted") {
    return (
      <Notice title="Invitation already used">
        {sameEmail && invitation.joined ? (
          <p>
            You have joined <strong>{invitation.projectName}</strong>.{" "}
            <Link href={`/projects/${invitation.projectId}`} className="font-medium text-indigo-700 underline">
              Open the project
            </Link>
            .
          </p>
        ) : (
          <p>This invitation has already been used. Ask an owner of the project for a new one. {projects}.</p>
        )}
      </Notice>
    );
  }
  if (invitation.status === "expired") {
    return (
      <Notice title="Invitation expired">
        <p>This invitation to {invitation.projectName} has expired. Ask an owner of the project for a new one. {projects}.</p>
      </Notice>
    );
  }
  if (!sameEmail) {
    return (
      <Notice title="This invitation is for someone else">
        <p>
          It was sent to <strong className="break-all">{invitation.email}</strong>, and you are signed in as{" "}
          <strong className="break-all">{caller.email}</strong>.
        </p>
        <p>
          Sign out, sign in or sign up with <strong className="break-all">{invitation.email}</strong>, then open this link
          again.
        </p>
        <SignOutButton />
      </Notice>
    );
  }
  return (
    <Notice title={`Join ${invitation.projectName}`}>
      <p data-testid="invitation-summary">
        You are invited to join <strong>{invitation.projectName}</strong> as {ROLE_WORDS[invitation.role]}.
      </p>
      <AcceptInvitationForm token={token} projectName={invitation.projectName} />
    </Notice>
  );
}
