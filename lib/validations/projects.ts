import { z } from "zod";
import { SUPPORTED_ALGORITHMS } from "@/lib/keys/algorithms";

export const projectNameSchema = z
  .string({ error: "Project name is required." })
  .trim()
  .min(1, "Project name is required.")
  .max(100, "Project name must be at most 100 characters.");

export const policySchema = z
  .object({
    enforce: z.boolean({ error: "enforce must be true or false." }),
    requireExp: z.boolean({ error: "requireExp must be true or false." }),
    maxLifetimeSeconds: z
      .number({ error: "maxLifetimeSeconds must be a number of seconds or null." })
      .int("maxLifetimeSeconds must be a whole number of seconds.")
      .min(1, "maxLifetimeSeconds must be at least 1.")
      .max(31_536_000, "maxLifetimeSeconds must be at most one year.")
      .nullable(),
    clockSkewSeconds: z
      .number({ error: "clockSkewSeconds must be a number." })
      .int("clockSkewSeconds must be a whole number of seconds.")
      .min(0, "clockSkewSeconds cannot be negative.")
      .max(3600, "clockSkewSeconds must be at most 3600."),
    audience: z
      .string({ error: "audience must be a string or null." })
      .trim()
      .min(1, "audience cannot be empty; use null to clear it.")
      .max(253, "audience must be at most 253 characters.")
      .nullable(),
    allowedAlgorithms: z
      .array(z.enum(SUPPORTED_ALGORITHMS, { error: `allowedAlgorithms may only contain ${SUPPORTED_ALGORITHMS.join(", ")}.` }))
      .min(1, "allowedAlgorithms cannot be empty; use null to allow every algorithm.")
      .nullable(),
  })
  .partial();

export const createProjectSchema = z.object({ name: projectNameSchema });

export const updateProjectSchema = z.object({
  name: projectNameSchema.optional(),
  policy: policySchema.optional(),
});

export type PolicyPatch = z.infer<typeof policySchema>;
