import { getPrisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { authRateLimiters } from "@/lib/auth/rate-limit";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { signUpSchema } from "@/lib/validations/auth";
import { validationError } from "@/lib/validations/errors";
import { isUniqueViolation } from "@/lib/db-errors";

export function signupAllowed(): boolean {
  return (process.env.ALLOW_SIGNUP ?? "true").toLowerCase() !== "false";
}

export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
}

export async function signUp({ input, meta }: { input: unknown; meta: RequestMeta }): Promise<PublicUser> {
  if (!signupAllowed()) throw new AppError("signup_disabled", "Sign-up is disabled on this Signet instance.");
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);

  const limited = authRateLimiters().signup.hit(meta.ip ?? "unknown");
  if (limited.limited) {
    throw new AppError("rate_limited", "Too many sign-ups from this address. Try again later.", {
      retryAfter: limited.retryAfter,
    });
  }

  const { email, password, name } = parsed.data;
  const passwordHash = await hashPassword(password);
  try {
    const user = await getPrisma().user.create({
      data: { email, name, passwordHash },
      select: { id: true, email: true, name: true },
    });
    return user;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("email_taken", "An account with this email already exists.");
    throw error;
  }
}
