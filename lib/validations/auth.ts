import { z } from "zod";

export const emailSchema = z
  .string({ error: "Email is required." })
  .trim()
  .max(254, "Email is too long.")
  .pipe(z.email({ error: "Enter a valid email address." }))
  .transform((email) => email.toLowerCase());

export const signUpSchema = z.object({
  email: emailSchema,
  password: z
    .string({ error: "Password is required." })
    .min(8, "Password must be at least 8 characters.")
    .max(256, "Password must be at most 256 characters."),
  name: z.string().trim().max(100, "Name must be at most 100 characters.").optional().nullable()
    .transform((name) => (name ? name : null)),
});

export const signInSchema = z.object({
  email: z.string({ error: "Email is required." }).trim().max(254).transform((e) => e.toLowerCase()),
  password: z.string({ error: "Password is required." }).max(256),
});

export type SignUpInput = z.infer<typeof signUpSchema>;
