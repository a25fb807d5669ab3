"use server";

import { revalidatePath } from "next/cache";
import { renamePublicKey } from "@/lib/keys/public-keys";
import { requireProjectAccess } from "@/lib/projects/access";
import { runAction } from "./action-result";

export async function renamePublicKeyAction(_prev: unknown, form: FormData) {
  const projectId = String(form.get("projectId") ?? "");
  const kid = String(form.get("kid") ?? "");
  const result = await runAction(
    "rename-public-key",
    async (caller) => {
      const access = await requireProjectAccess({ caller, projectId, minRole: "admin" });
      const key = await renamePublicKey({ access, kid, input: { name: form.get("name") ?? "" } });
      return { name: key.name };
    },
    { message: "Key renamed." },
  );
  if (result.ok) revalidatePath(`/projects/${projectId}`);
  return result;
}
