"use server";

import { revalidatePath } from "next/cache";
import { createProject } from "@/lib/projects/projects";
import { runAction } from "./action-result";

export async function createProjectAction(_prev: unknown, form: FormData) {
  const result = await runAction("create-project", (caller) =>
    createProject({ caller, input: { name: form.get("name") } }).then((p) => ({ id: p.id })),
  );
  if (result.ok) revalidatePath("/projects");
  return result;
}
