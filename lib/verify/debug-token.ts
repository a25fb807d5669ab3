import { AppError } from "@/lib/errors";
import type { ProjectAccess } from "@/lib/projects/access";
import { validationError } from "@/lib/validations/errors";
import { debugTokenSchema } from "@/lib/validations/verify";
import { decodeUnverified, type UnverifiedToken } from "./decode-unverified";
import { getKeyCache, type KeyCache } from "./key-cache";
import type { Verdict } from "./types";
import { serializeVerdict } from "./verify-service";
import { verifyToken } from "./verify-token";

export interface TokenDebugResult {
  decoded: UnverifiedToken;
  /** Exactly what POST /api/internal/verify would answer now. */
  verdict: Verdict;
  /** On a failure, the key it concerned, when one was resolved (not part of the API answer). */
  failedKid: string | null;
}

/**
 * The token debugger: decodes a pasted JWT for display (unverified) and verifies it with the
 * project's real keys and policy from the key cache, as a gateway would see it now. Any member
 * may use it. Nothing is stored, counted or logged.
 */
export async function debugToken({
  access,
  input,
  cache = getKeyCache(),
}: {
  access: ProjectAccess;
  input: unknown;
  cache?: KeyCache;
}): Promise<TokenDebugResult> {
  const parsed = debugTokenSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { token, audience, method, body } = parsed.data;
  const snapshot = await cache.get(access.projectId).catch(() => {
    throw new AppError("service_unavailable", "The database is unreachable, so the project's keys cannot be loaded. Try again shortly.");
  });
  const verdict = verifyToken(access.projectId, snapshot, { token, audience, method, body }, Date.now() / 1000);
  return {
    decoded: decodeUnverified(token),
    verdict: JSON.parse(serializeVerdict(verdict)) as Verdict,
    failedKid: !verdict.valid && verdict.kid ? verdict.kid : null,
  };
}
