import { getPrisma } from "@/lib/db";
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
    select: { id: true, expiresAt: true, revokedAt: true, user: { select: { id: true, email: true } } },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
  return { userId: row.user.id, email: row.user.email, tokenId: row.id };
}
