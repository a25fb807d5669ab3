"use server";

import { revalidatePath } from "next/cache";
import { changeMemberRole } from "@/lib/members/members";
import { requireProjectAccess } from "@/lib/projects/access";
import { runAction } from "./action-result";

export async function changeMemberRoleAction(_prev: unknown, form: FormData) {
  const projectId = String(form.get("projectId") ?? "");
  const userId = String(form.get("userId") ?? "");
  const result = await runAction(
    "change-member-role",
    async (caller) => {
      const access = await requireProjectAccess({ caller, projectId, minRole: "owner" });
      const member = await changeMemberRole({ access, userId, input: { role: form.get("role") } });
      return { role: member.role };
    },
    { message: "Role updated." },
  );
  // The caller may have changed their own role: the whole project layout shows it.
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}
