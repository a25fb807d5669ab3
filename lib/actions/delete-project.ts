"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireProjectAccess } from "@/lib/projects/access";
import { deleteProject } from "@/lib/projects/projects";
import { runAction } from "./action-result";

export async function deleteProjectAction(_prev: unknown, form: FormData) {
  const projectId = String(form.get("projectId") ?? "");
  const result = await runAction("delete-project", async (caller) => {
    const access = await requireProjectAccess({ caller, projectId, minRole: "owner" });
    await deleteProject({ access });
  });
  if (!result.ok) return result;
  revalidatePath("/projects");
  // Redirect from the server: the project's own pages would now answer 404.
  redirect("/projects");
}
