"use server";

import { revalidatePath } from "next/cache";
import { addMember } from "@/lib/members/members";
import { requireProjectAccess } from "@/lib/projects/access";
import { runAction } from "./action-result";

export async function addMemberAction(_prev: unknown, form: FormData) {
  const projectId = String(form.get("projectId") ?? "");
  const result = await runAction("add-member", async (caller) => {
    const access = await requireProjectAccess({ caller, projectId, minRole: "owner" });
    const added = await addMember({ access, input: { email: form.get("email"), role: form.get("role") } });
    return added.result === "added"
      ? { result: "added" as const, email: added.member.email, role: added.member.role }
      : { result: "invited" as const, email: added.invitation.email, role: added.invitation.role, invitePath: added.invitePath };
  });
  if (result.ok) revalidatePath(`/projects/${projectId}/members`);
  return result;
}
