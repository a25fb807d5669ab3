import { z } from "zod";
import { getPrisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ProjectAccess } from "@/lib/projects/access";
import { validationError } from "@/lib/validations/errors";
import { AUDIT_ACTIONS, type AuditAction } from "./record-audit-event";

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 100;

export const listAuditEventsSchema = z.object({
  cursor: z.string().max(64, "cursor is not valid.").nullish(),
  limit: z.coerce
    .number({ error: `limit must be a whole number from 1 to ${AUDIT_PAGE_MAX}.` })
    .int(`limit must be a whole number from 1 to ${AUDIT_PAGE_MAX}.`)
    .min(1, `limit must be a whole number from 1 to ${AUDIT_PAGE_MAX}.`)
    .max(AUDIT_PAGE_MAX, `limit must be at most ${AUDIT_PAGE_MAX}.`)
    .nullish(),
  action: z.enum(AUDIT_ACTIONS, { error: `action must be one of ${AUDIT_ACTIONS.join(", ")}.` }).nullish(),
});

export interface AuditEventDto {
  id: string;
  at: string;
  /** Who did it, as they were at the time (the email is kept even if the account is later deleted). */
  actor: { id: string | null; email: string | null } | null;
  action: string;
  target: { type: string; id: string | null } | null;
  ip: string | null;
  userAgent: string | null;
  /** What changed (names, roles, fingerprints…); never secrets. */
  metadata: Prisma.JsonValue;
}

export interface AuditEventPage {
  events: AuditEventDto[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const encodeCursor = (id: bigint) => Buffer.from(id.toString(), "utf8").toString("base64url");

function decodeCursor(cursor: string): bigint {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[1-9][0-9]{0,18}$/.test(text)) throw new AppError("bad_request", "cursor is not valid: pass back a nextCursor unchanged.");
  return BigInt(text);
}

/** The project's audit events, newest first, a page at a time (keyset pagination on the event id). */
export async function listAuditEvents({
  access,
  ...query
}: {
  access: ProjectAccess;
  cursor?: string | null;
  limit?: number | string | null;
  action?: string | null;
}): Promise<AuditEventPage> {
  const parsed = listAuditEventsSchema.safeParse(query);
  if (!parsed.success) throw validationError(parsed.error);
  const limit = parsed.data.limit ?? AUDIT_PAGE_DEFAULT;
  const before = parsed.data.cursor ? decodeCursor(parsed.data.cursor) : null;
  const action: AuditAction | undefined = parsed.data.action ?? undefined;
  const rows = await getPrisma().auditEvent.findMany({
    where: { projectId: access.projectId, ...(action ? { action } : {}), ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map((row) => ({
      id: row.id.toString(),
      at: row.createdAt.toISOString(),
      actor: row.actorId || row.actorEmail ? { id: row.actorId, email: row.actorEmail } : null,
      action: row.action,
      target: row.targetType ? { type: row.targetType, id: row.targetId } : null,
      ip: row.ip,
      userAgent: row.userAgent,
      metadata: row.metadata ?? null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
  };
}
