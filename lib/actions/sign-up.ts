"use server";

import { headers } from "next/headers";
import { requestMetaFromHeaders } from "@/lib/auth/request-meta";
import { signUp } from "@/lib/users/sign-up";
import { actionError, type ActionResult } from "./action-result";

export async function signUpAction(input: { email: string; password: string; name?: string }): Promise<ActionResult> {
  try {
    await signUp({ input, meta: requestMetaFromHeaders(await headers()) });
    return { ok: true };
  } catch (error) {
    return actionError("sign-up", error);
  }
}
