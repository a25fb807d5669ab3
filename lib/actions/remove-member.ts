"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { removeMember } from "@/lib/members/members";
import { requireProjectAccess } from "@/lib/projects/access";
import { runAction } from "./action-result";

/** Removes a member (owner), or the caller themselves (leave: then back to the project list). */
export async function removeMemberAction(_prev: unknown, form: FormData) {
  const projectId = String(form.get("projectId") ?? "");
  const userId = String(form.get("userId") ?? "");
  let left = false;
  const result = await runAction(
    "remove-member",
    async (caller) => {
      const access = await requireProjectAccess({ caller, projectId });
      await removeMember({ access, userId });
      left = userId.toLowerCase() === caller.userId;
    },
    { message: "Member removed." },
  );
  if (!result.ok) return result;
  if (left) {
    revalidatePath("/projects");
    // Redirect from the server: the project's pages now answer 404 for the caller.
    redirect("/projects");
  }
  revalidatePath(`/projects/${projectId}/members`);
  return result;
}
