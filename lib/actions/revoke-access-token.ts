"use server";

import { revalidatePath } from "next/cache";
import { revokePersonalAccessToken } from "@/lib/auth/personal-access-tokens";
import { runAction } from "./action-result";

export async function revokeAccessTokenAction(_prev: unknown, form: FormData) {
  const id = String(form.get("tokenId") ?? "");
  const result = await runAction(
    "revoke-access-token",
    async (caller) => {
      await revokePersonalAccessToken({ caller, id });
    },
    { message: "Token revoked." },
  );
  if (result.ok) revalidatePath("/tokens");
  return result;
}
