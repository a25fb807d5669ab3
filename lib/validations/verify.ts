import { z } from "zod";
import { SUPPORTED_ALGORITHMS } from "@/lib/keys/algorithms";

// Dashboard forms around verification: the policy settings and the token debugger.
// (The verify API itself validates its body by hand: see lib/verify/verify-service.ts.)

const emptyToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);
const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());

/** The policy form (FormData), into the `policy` patch that updateProject validates again. */
export const policyFormSchema = z.object({
  enforce: checkbox,
  requireExp: checkbox,
  maxLifetimeSeconds: z.preprocess(
    emptyToNull,
    z.coerce
      .number({ error: "Enter a whole number of seconds, or leave it empty for no limit." })
      .int("Enter a whole number of seconds.")
      .min(1, "The maximum lifetime must be at least 1 second.")
      .max(31_536_000, "The maximum lifetime must be at most one year (31536000 seconds).")
      .nullable(),
  ),
  clockSkewSeconds: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.coerce
      .number({ error: "Enter a whole number of seconds (0–3600)." })
      .int("Enter a whole number of seconds (0–3600).")
      .min(0, "The clock skew cannot be negative.")
      .max(3600, "The clock skew must be at most 3600 seconds."),
  ),
  audience: z.preprocess(
    emptyToNull,
    z.string().trim().max(253, "The audience must be at most 253 characters.").nullable(),
  ),
  allowedAlgorithms: z
    .array(z.enum(SUPPORTED_ALGORITHMS, { error: "Choose algorithms from the list." }))
    .transform((list) => (list.length === 0 ? null : list)),
});

export type PolicyForm = z.infer<typeof policyFormSchema>;

export const DEBUG_TOKEN_MAX_CHARS = 16 * 1024;
const optionalText = (max: number, label: string) =>
  z.preprocess(
    emptyToNull,
    z
      .string({ error: `${label} must be text.` })
      .max(max, `${label} must be at most ${max} characters.`)
      .nullish()
      .transform((value) => value ?? null),
  );

/** The token debugger form. Only the token is required; the rest is the gateway's request context. */
export const debugTokenSchema = z.object({
  token: z
    .string({ error: "Paste a JWT." })
    .trim()
    .min(1, "Paste a JWT.")
    .max(DEBUG_TOKEN_MAX_CHARS, `The token must be at most ${DEBUG_TOKEN_MAX_CHARS} characters.`),
  audience: optionalText(253, "The audience"),
  method: optionalText(200, "The method"),
  body: optionalText(64 * 1024, "The body"),
});
