import { sessionCaller, type Caller } from "@/lib/auth/caller";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type ActionResult<T = undefined> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; error: string; code: string; fields?: Record<string, string> };

/** Runs a server action's body for the signed-in caller and turns domain errors into form results. */
export async function runAction<T>(
  name: string,
  body: (caller: Caller) => Promise<T>,
  options: { message?: string } = {},
): Promise<ActionResult<T>> {
  try {
    const caller = await sessionCaller();
    if (!caller) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
    const data = await body(caller);
    return { ok: true, data, message: options.message };
  } catch (error) {
    return actionError(name, error);
  }
}

export function actionError(name: string, error: unknown): ActionResult<never> {
  if (isAppError(error)) {
    const fields = (error.details?.fields as Record<string, string> | undefined) ?? undefined;
    return { ok: false, error: error.message, code: error.code, fields };
  }
  logger.error({ action: name, err: error }, "unhandled error in server action");
  return { ok: false, error: "Something went wrong on our side. Try again.", code: "internal_error" };
}
