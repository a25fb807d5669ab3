import { z } from "zod";

export const KEY_NAME_MAX = 64;
export const REVOKE_REASON_MAX = 500;

const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;

/** A key's name: trimmed, 1–64 characters; an empty name clears it (null). */
export const keyNameSchema = z
  .string({ error: "name must be a string of 1–64 characters, or null to clear it." })
  .trim()
  .max(KEY_NAME_MAX, `Key name must be at most ${KEY_NAME_MAX} characters.`)
  .regex(NO_CONTROL_CHARACTERS, "Key name cannot contain line breaks or control characters.")
  .transform((name) => (name === "" ? null : name));

/** The fields of POST .../keys other than `publicKey`, which the key parser reads itself. */
export const addPublicKeySchema = z.object({
  name: keyNameSchema.nullish().transform((name) => name ?? null),
  algorithms: z
    .array(z.string({ error: "algorithms must be a list of algorithm names." }), {
      error: "algorithms must be a list of algorithm names.",
    })
    .max(20, "algorithms lists too many entries.")
    .nullish(),
});

export const renamePublicKeySchema = z.object({
  name: keyNameSchema.nullable(),
});

export const revokePublicKeySchema = z.object({
  reason: z
    .string({ error: "reason must be a string." })
    .trim()
    .max(REVOKE_REASON_MAX, `The reason must be at most ${REVOKE_REASON_MAX} characters.`)
    .transform((reason) => (reason === "" ? null : reason))
    .nullish()
    .transform((reason) => reason ?? null),
});
