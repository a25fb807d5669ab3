"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { acceptInvitation } from "@/lib/members/invitations";
import { runAction } from "./action-result";

/** Joins the project the invitation is for, then opens it. */
export async function acceptInvitationAction(_prev: unknown, form: FormData) {
  const token = String(form.get("token") ?? "");
  const result = await runAction("accept-invitation", (caller) => acceptInvitation({ caller, token }));
  if (!result.ok || !result.data) return result;
  revalidatePath("/projects");
  redirect(`/projects/${result.data.projectId}`);
}
