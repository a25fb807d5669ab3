"use server";

import { revalidatePath } from "next/cache";
import { requireProjectAccess } from "@/lib/projects/access";
import { updateProject } from "@/lib/projects/projects";
import { validationError } from "@/lib/validations/errors";
import { policyFormSchema } from "@/lib/validations/verify";
import { runAction, type ActionResult } from "./action-result";

export async function updatePolicyAction(_prev: unknown, form: FormData): Promise<ActionResult<undefined>> {
  const projectId = String(form.get("projectId") ?? "");
  const result = await runAction(
    "update-policy",
    async (caller) => {
      const access = await requireProjectAccess({ caller, projectId, minRole: "admin" });
      const parsed = policyFormSchema.safeParse({
        enforce: form.get("enforce"),
        requireExp: form.get("requireExp"),
        maxLifetimeSeconds: form.get("maxLifetimeSeconds") ?? "",
        clockSkewSeconds: form.get("clockSkewSeconds") ?? "",
        audience: form.get("audience") ?? "",
        allowedAlgorithms: form.getAll("allowedAlgorithms"),
      });
      if (!parsed.success) throw validationError(parsed.error);
      await updateProject({ access, input: { policy: parsed.data } });
      return undefined;
    },
    { message: "Policy saved. Gateways use it from the next verification." },
  );
  if (result.ok) {
    revalidatePath(`/projects/${projectId}`, "layout");
    return result;
  }
  // updateProject reports fields as "policy.<name>"; the form's fields are named "<name>".
  const fields = result.fields
    ? Object.fromEntries(Object.entries(result.fields).map(([field, message]) => [field.replace(/^policy\./, ""), message]))
    : undefined;
  return { ...result, fields };
}
