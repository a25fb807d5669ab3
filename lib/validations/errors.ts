import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** One readable sentence from a zod error, plus the per-field messages for forms. */
export function validationError(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  const message = Object.values(fields)[0] ?? "The request is not valid.";
  return new AppError("validation_failed", message, { details: { fields } });
}
