"use server";

import { revalidatePath } from "next/cache";
import { addPublicKey } from "@/lib/keys/public-keys";
import { requireProjectAccess } from "@/lib/projects/access";
import { runAction } from "./action-result";

export async function addPublicKeyAction(_prev: unknown, form: FormData) {
  const projectId = String(form.get("projectId") ?? "");
  const algorithms = form.getAll("algorithms").map(String);
  const result = await runAction(
    "add-public-key",
    async (caller) => {
      const access = await requireProjectAccess({ caller, projectId, minRole: "admin" });
      const key = await addPublicKey({
        access,
        input: { publicKey: form.get("publicKey"), name: form.get("name"), algorithms: algorithms.length ? algorithms : undefined },
      });
      return { kid: key.kid, name: key.name };
    },
    { message: "Key added." },
  );
  if (result.ok) revalidatePath(`/projects/${projectId}`);
  return result;
}
