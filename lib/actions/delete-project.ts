"use server";

import { revalidatePath } from "next/cache";
import { requireProjectAccess } from "@/lib/projects/access";
import { deleteProject } from "@/lib/projects/projects";
import { runAction } from "./action-result";

export async function deleteProjectAction(_prev: unknown, form: FormData) {
  const projectId = String(form.get("projectId") ?? "");
  const result = await runAction("delete-project", async (caller) => {
    const access = await requireProjectAccess({ caller, projectId, minRole: "owner" });
    await deleteProject({ access });
  });
  if (result.ok) revalidatePath("/projects");
  return result;
}
