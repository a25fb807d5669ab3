import { getPool, getPrisma } from "@/lib/db";
import { logger } from "@/lib/logger";
import { generateOpaqueToken, hashOpaqueToken } from "./opaque-token";

export const LOGIN_TOKEN_TTL_SECONDS = 5 * 60;
const TOKEN_PATTERN = /^sg[lp]_[A-Za-z0-9_-]{43}$/;

/** A 5-minute bearer token for the management API (Besu-style login). */
export async function issueLoginToken(userId: string): Promise<{ token: string; expiresAt: Date }> {
  const { token, tokenHash, displayPrefix } = generateOpaqueToken("sgl");
  const expiresAt = new Date(Date.now() + LOGIN_TOKEN_TTL_SECONDS * 1000);
  await getPrisma().accessToken.create({
    data: { userId, kind: "login", tokenHash, prefix: displayPrefix, expiresAt },
  });
  return { token, expiresAt };
}

/** The user a bearer token belongs to, or null when it is unknown, expired or revoked. */
export async function resolveBearerToken(token: string): Promise<{ userId: string; email: string; tokenId: string } | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await getPrisma().accessToken.findUnique({
    where: { tokenHash: hashOpaqueToken(token) },
    select: { id: true, kind: true, expiresAt: true, revokedAt: true, user: { select: { id: true, email: true } } },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
  if (row.kind === "personal") noteTokenUse(row.id);
  return { userId: row.user.id, email: row.user.email, tokenId: row.id };
}

// Personal tokens' lastUsedAt is written off the request path: uses are kept in memory
// (token id → latest time) and flushed every few seconds with one UPDATE for all of them.
export const TOKEN_USAGE_FLUSH_MS = 5_000;

interface TokenUsageState {
  pending: Map<string, Date>;
  timer?: ReturnType<typeof setInterval>;
}

const globalForUsage = globalThis as unknown as { signetTokenUsage?: TokenUsageState };

function usageState(): TokenUsageState {
  globalForUsage.signetTokenUsage ??= { pending: new Map() };
  return globalForUsage.signetTokenUsage;
}

function noteTokenUse(tokenId: string): void {
  const state = usageState();
  state.pending.set(tokenId, new Date());
  if (!state.timer) {
    state.timer = setInterval(() => void flushTokenUsage(), TOKEN_USAGE_FLUSH_MS);
    state.timer.unref();
  }
}

/** A use of the token not yet written to the database (this instance only). */
export function pendingTokenUse(tokenId: string): Date | undefined {
  return usageState().pending.get(tokenId);
}

/** Writes the buffered uses; on failure they go back into the buffer for the next flush. */
export async function flushTokenUsage(): Promise<void> {
  const state = usageState();
  if (state.pending.size === 0) return;
  const batch = state.pending;
  state.pending = new Map();
  const ids = [...batch.keys()];
  const times = [...batch.values()].map((at) => at.toISOString());
  try {
    await getPool().query(
      `UPDATE "AccessToken" AS t SET "lastUsedAt" = v.at
       FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at)
       WHERE t.id = v.id AND (t."lastUsedAt" IS NULL OR t."lastUsedAt" < v.at)`,
      [ids, times],
    );
  } catch (error) {
    for (const [id, at] of batch) if (!state.pending.has(id)) state.pending.set(id, at);
    logger.warn({ err: error, tokens: ids.length }, "could not record access tokens' last use; will retry");
  }
}
