"use server";

import { requireProjectAccess } from "@/lib/projects/access";
import { debugToken, type TokenDebugResult } from "@/lib/verify/debug-token";
import { runAction, type ActionResult } from "./action-result";

export async function debugTokenAction(_prev: unknown, form: FormData): Promise<ActionResult<TokenDebugResult>> {
  const projectId = String(form.get("projectId") ?? "");
  return runAction("debug-token", async (caller) => {
    const access = await requireProjectAccess({ caller, projectId, minRole: "viewer" });
    return debugToken({
      access,
      input: {
        token: form.get("token"),
        audience: form.get("audience") ?? "",
        method: form.get("method") ?? "",
        body: form.get("body") ?? "",
      },
    });
  });
}
