import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getPrisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/projects/access";
import { validationError } from "@/lib/validations/errors";
import { pendingTokenUse } from "./access-tokens";
import type { Caller } from "./caller";
import { generateOpaqueToken } from "./opaque-token";

export const TOKEN_NAME_MAX = 64;
export const TOKEN_MAX_DAYS = 365;

export const createPersonalAccessTokenSchema = z.object({
  name: z
    .string({ error: "name is required: say what the token is for, e.g. “CI deploys”." })
    .trim()
    .min(1, "Give the token a name, e.g. “CI deploys”.")
    .max(TOKEN_NAME_MAX, `The name must be at most ${TOKEN_NAME_MAX} characters.`)
    .regex(/^[^\p{Cc}]*$/u, "The name cannot contain line breaks or control characters."),
  expiresInDays: z
    .number({ error: "expiresInDays must be a whole number of days, or null for a token that does not expire." })
    .int("expiresInDays must be a whole number of days.")
    .min(1, "expiresInDays must be at least 1.")
    .max(TOKEN_MAX_DAYS, `expiresInDays must be at most ${TOKEN_MAX_DAYS}.`)
    .nullish(),
});

const TOKEN_ROW_SELECT = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

interface TokenRow {
  id: string;
  name: string | null;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** A personal access token as the API shows it: never the token or its hash. */
function serializeToken(row: TokenRow) {
  const pending = pendingTokenUse(row.id);
  const lastUsedAt = pending && (!row.lastUsedAt || pending > row.lastUsedAt) ? pending : row.lastUsedAt;
  const status = row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt.getTime() <= Date.now() ? "expired" : "active";
  return {
    id: row.id,
    name: row.name ?? "",
    prefix: row.prefix,
    status: status as "active" | "expired" | "revoked",
    createdAt: row.createdAt.toISOString(),
    expiresAt: iso(row.expiresAt),
    lastUsedAt: iso(lastUsedAt),
    revokedAt: iso(row.revokedAt),
  };
}

export type PersonalAccessTokenDto = ReturnType<typeof serializeToken>;

/** A long-lived `sgp_…` bearer token for the management API; the token is returned here once and never stored. */
export async function createPersonalAccessToken({
  caller,
  input,
}: {
  caller: Caller;
  input: unknown;
}): Promise<PersonalAccessTokenDto & { token: string }> {
  const parsed = createPersonalAccessTokenSchema.safeParse(input ?? {});
  if (!parsed.success) throw validationError(parsed.error);
  const { name, expiresInDays } = parsed.data;
  const { token, tokenHash, displayPrefix } = generateOpaqueToken("sgp");
  const createdAt = new Date();
  const expiresAt = expiresInDays ? new Date(createdAt.getTime() + expiresInDays * 24 * 60 * 60 * 1000) : null;
  const row = await getPrisma().$transaction(async (tx) => {
    const created = await tx.accessToken.create({
      data: { userId: caller.userId, kind: "personal", name, tokenHash, prefix: displayPrefix, createdAt, expiresAt },
      select: TOKEN_ROW_SELECT,
    });
    // Tokens belong to a person, not a project: the audit row has no project.
    await recordAuditEvent(tx, {
      actor: caller,
      projectId: null,
      action: "token.created",
      targetType: "access_token",
      targetId: created.id,
      metadata: { name, prefix: displayPrefix, expiresAt: iso(expiresAt) },
    });
    return created;
  });
  return { token, ...serializeToken(row) };
}

/** The caller's own personal tokens, newest first (login tokens are not listed). */
export async function listPersonalAccessTokens({ caller }: { caller: Caller }): Promise<PersonalAccessTokenDto[]> {
  const rows = await getPrisma().accessToken.findMany({
    where: { userId: caller.userId, kind: "personal" },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: TOKEN_ROW_SELECT,
  });
  return rows.map(serializeToken);
}

/** Revokes one of the caller's own tokens (idempotent); anyone else's token id answers 404. */
export async function revokePersonalAccessToken({ caller, id }: { caller: Caller; id: string }): Promise<PersonalAccessTokenDto> {
  const notFound = new AppError("not_found", "Access token not found.");
  if (!isUuid(id)) throw notFound;
  const own = { id: id.toLowerCase(), userId: caller.userId, kind: "personal" as const };
  const row = await getPrisma().$transaction(async (tx) => {
    const [revoked] = await tx.accessToken.updateManyAndReturn({
      where: { ...own, revokedAt: null },
      data: { revokedAt: new Date() },
      select: TOKEN_ROW_SELECT,
    });
    if (!revoked) return tx.accessToken.findFirst({ where: own, select: TOKEN_ROW_SELECT });
    await recordAuditEvent(tx, {
      actor: caller,
      projectId: null,
      action: "token.revoked",
      targetType: "access_token",
      targetId: revoked.id,
      metadata: { name: revoked.name, prefix: revoked.prefix },
    });
    return revoked;
  });
  if (!row) throw notFound;
  return serializeToken(row);
}
