"use server";

import { revalidatePath } from "next/cache";
import { createPersonalAccessToken } from "@/lib/auth/personal-access-tokens";
import { runAction } from "./action-result";

/** Creates a personal access token; the result carries the token, the only time it is ever shown. */
export async function createAccessTokenAction(_prev: unknown, form: FormData) {
  const days = String(form.get("expiresInDays") ?? "");
  const result = await runAction("create-access-token", async (caller) => {
    const created = await createPersonalAccessToken({
      caller,
      input: { name: form.get("name"), expiresInDays: days === "" || days === "never" ? null : Number(days) },
    });
    return { token: created.token, name: created.name, expiresAt: created.expiresAt };
  });
  if (result.ok) revalidatePath("/tokens");
  return result;
}
