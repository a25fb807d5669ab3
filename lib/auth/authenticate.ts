import { getPrisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { signInSchema } from "@/lib/validations/auth";
import { verifyAgainstDummy, verifyPassword } from "./password";
import { authRateLimiters } from "./rate-limit";
import type { RequestMeta } from "./request-meta";

const INVALID = () => new AppError("invalid_credentials", "Email or password is incorrect.");

/**
 * Checks an email and password; the one path for the dashboard sign-in and
 * POST /api/v1/login. Unknown email and wrong password answer the same, in the
 * same time. Failures count per email and client IP (LOGIN_RATE_LIMIT / 15 min).
 */
export async function authenticate({ input, meta }: { input: unknown; meta: RequestMeta }) {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw INVALID();
  const { email, password } = parsed.data;

  const limiter = authRateLimiters().login;
  const limitKey = `${email}|${meta.ip ?? "unknown"}`;
  const limited = limiter.check(limitKey);
  if (limited.limited) {
    throw new AppError("rate_limited", "Too many failed sign-in attempts. Try again later.", {
      retryAfter: limited.retryAfter,
    });
  }

  const user = await getPrisma().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !ok) {
    limiter.hit(limitKey);
    throw INVALID();
  }
  limiter.reset(limitKey);
  return { id: user.id, email: user.email, name: user.name };
}
