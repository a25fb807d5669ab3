"use server";

import { revalidatePath } from "next/cache";
import { revokeInvitation } from "@/lib/members/invitations";
import { requireProjectAccess } from "@/lib/projects/access";
import { runAction } from "./action-result";

export async function revokeInvitationAction(_prev: unknown, form: FormData) {
  const projectId = String(form.get("projectId") ?? "");
  const invitationId = String(form.get("invitationId") ?? "");
  const result = await runAction(
    "revoke-invitation",
    async (caller) => {
      const access = await requireProjectAccess({ caller, projectId, minRole: "owner" });
      await revokeInvitation({ access, invitationId });
    },
    { message: "Invitation revoked." },
  );
  if (result.ok) revalidatePath(`/projects/${projectId}/members`);
  return result;
}
