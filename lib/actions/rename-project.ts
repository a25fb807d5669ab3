"use server";

import { revalidatePath } from "next/cache";
import { requireProjectAccess } from "@/lib/projects/access";
import { updateProject } from "@/lib/projects/projects";
import { runAction } from "./action-result";

export async function renameProjectAction(_prev: unknown, form: FormData) {
  const projectId = String(form.get("projectId") ?? "");
  const result = await runAction(
    "rename-project",
    async (caller) => {
      const access = await requireProjectAccess({ caller, projectId, minRole: "admin" });
      await updateProject({ access, input: { name: form.get("name") } });
    },
    { message: "Project renamed." },
  );
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}
