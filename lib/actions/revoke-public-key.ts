"use server";

import { revalidatePath } from "next/cache";
import { revokePublicKey } from "@/lib/keys/public-keys";
import { requireProjectAccess } from "@/lib/projects/access";
import { runAction } from "./action-result";

export async function revokePublicKeyAction(_prev: unknown, form: FormData) {
  const projectId = String(form.get("projectId") ?? "");
  const kid = String(form.get("kid") ?? "");
  const result = await runAction(
    "revoke-public-key",
    async (caller) => {
      const access = await requireProjectAccess({ caller, projectId, minRole: "admin" });
      await revokePublicKey({ access, kid, input: { reason: form.get("reason") } });
    },
    { message: "Key revoked." },
  );
  if (result.ok) revalidatePath(`/projects/${projectId}`);
  return result;
}
