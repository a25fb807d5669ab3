import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getPrisma } from "@/lib/db";
import { isKeyLimitViolation, isUniqueViolation } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { isUuid, type ProjectAccess } from "@/lib/projects/access";
import { projectChanged } from "@/lib/projects/project-events";
import { validationError } from "@/lib/validations/errors";
import { addPublicKeySchema, renamePublicKeySchema, revokePublicKeySchema } from "@/lib/validations/keys";
import { narrowAlgorithms } from "./narrow-algorithms";
import { parsePublicKey } from "./parse-public-key";
import {
  PUBLIC_KEY_ROW_SELECT,
  serializePublicKey,
  signingJwk,
  type PublicKeyDto,
  type SigningJwk,
} from "./serialize-public-key";

export const ACTIVE_KEY_LIMIT = 25;
export const KEY_LIMIT_MESSAGE = `This project already has ${ACTIVE_KEY_LIMIT} active keys; revoke one before adding another.`;

const keyNotFound = () => new AppError("not_found", "Key not found.");
const inProject = (access: ProjectAccess, kid: string) => ({ kid: kid.toLowerCase(), projectId: access.projectId });

function asInput(input: unknown): Record<string, unknown> {
  return input && typeof input === "object" && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

export interface PublicKeyList {
  keys: PublicKeyDto[];
  activeCount: number;
  limit: number;
}

/** Active keys first (newest first), then revoked ones (most recently revoked first). */
export async function listPublicKeys({ access }: { access: ProjectAccess }): Promise<PublicKeyList> {
  const rows = await getPrisma().publicKey.findMany({
    where: { projectId: access.projectId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }, { kid: "asc" }],
    select: PUBLIC_KEY_ROW_SELECT,
  });
  const keys = rows.map(serializePublicKey);
  return { keys, activeCount: keys.filter((key) => key.status === "active").length, limit: ACTIVE_KEY_LIMIT };
}

export async function getPublicKey({ access, kid }: { access: ProjectAccess; kid: string }): Promise<PublicKeyDto> {
  if (!isUuid(kid)) throw keyNotFound();
  const row = await getPrisma().publicKey.findFirst({ where: inProject(access, kid), select: PUBLIC_KEY_ROW_SELECT });
  if (!row) throw keyNotFound();
  return serializePublicKey(row);
}

/**
 * Parses, normalises and stores a public key under a generated kid. The database holds the rules that matter
 * under concurrency: its trigger refuses a 26th active key and its partial unique index a second active copy.
 * A refused input is never stored, logged or quoted back.
 */
export async function addPublicKey({ access, input }: { access: ProjectAccess; input: unknown }): Promise<PublicKeyDto> {
  const body = asInput(input);
  if (isMissing(body.publicKey)) {
    throw new AppError("validation_failed", "publicKey is required: paste a PEM public key, a certificate or a JWK.", {
      details: { fields: { publicKey: "Paste a public key." } },
    });
  }
  const parsed = parsePublicKey(body.publicKey);
  if (!parsed.ok) throw new AppError(parsed.code, parsed.message, { details: { fields: { publicKey: parsed.message } } });
  const options = addPublicKeySchema.safeParse({ name: body.name, algorithms: body.algorithms });
  if (!options.success) throw validationError(options.error);
  const narrowed = narrowAlgorithms(parsed.key, options.data.algorithms);
  if (!narrowed.ok) {
    throw new AppError("validation_failed", narrowed.message, { details: { fields: { algorithms: narrowed.message } } });
  }

  const key = parsed.key;
  const kid = randomUUID();
  const name = options.data.name;
  let row;
  try {
    row = await getPrisma().$transaction(async (tx) => {
      const created = await tx.publicKey.create({
        data: {
          kid,
          projectId: access.projectId,
          name,
          keyType: key.keyType,
          curve: key.curve,
          bits: key.bits,
          algorithms: narrowed.algorithms,
          fingerprint: key.fingerprint,
          spkiPem: key.spkiPem,
          jwk: key.jwk,
          createdById: access.actor.userId,
        },
        select: PUBLIC_KEY_ROW_SELECT,
      });
      await recordAuditEvent(tx, {
        actor: access.actor,
        projectId: access.projectId,
        action: "key.added",
        targetType: "public_key",
        targetId: kid,
        metadata: { name, fingerprint: key.fingerprint, keyType: key.keyType, algorithms: narrowed.algorithms },
      });
      return created;
    });
  } catch (error) {
    if (isKeyLimitViolation(error)) throw new AppError("key_limit_reached", KEY_LIMIT_MESSAGE);
    if (isUniqueViolation(error)) throw await duplicateKeyError(access, key.fingerprint);
    throw error;
  }
  projectChanged(access.projectId);
  return serializePublicKey(row);
}

async function duplicateKeyError(access: ProjectAccess, fingerprint: string): Promise<AppError> {
  const existing = await getPrisma().publicKey.findFirst({
    where: { projectId: access.projectId, fingerprint, revokedAt: null },
    select: { kid: true },
  });
  const which = existing ? ` as key ${existing.kid}` : "";
  return new AppError(
    "duplicate_key",
    `This public key is already active in this project${which}. Use that key, or revoke it before adding it again.`,
    { details: existing ? { kid: existing.kid } : undefined },
  );
}

/** Sets or clears a key's name; revoked keys can be renamed too (it only labels history). */
export async function renamePublicKey({
  access,
  kid,
  input,
}: {
  access: ProjectAccess;
  kid: string;
  input: unknown;
}): Promise<PublicKeyDto> {
  if (!isUuid(kid)) throw keyNotFound();
  const parsed = renamePublicKeySchema.safeParse(asInput(input));
  if (!parsed.success) throw validationError(parsed.error);
  const { name } = parsed.data;
  const row = await getPrisma().$transaction(async (tx) => {
    const before = await tx.publicKey.findFirst({ where: inProject(access, kid), select: { name: true } });
    if (!before) throw keyNotFound();
    const [after] = await tx.publicKey.updateManyAndReturn({
      where: inProject(access, kid),
      data: { name },
      select: PUBLIC_KEY_ROW_SELECT,
    });
    if (!after) throw keyNotFound();
    if (before.name !== name) {
      await recordAuditEvent(tx, {
        actor: access.actor,
        projectId: access.projectId,
        action: "key.renamed",
        targetType: "public_key",
        targetId: after.kid,
        metadata: { from: before.name, to: name, fingerprint: after.fingerprint },
      });
    }
    return after;
  });
  return serializePublicKey(row);
}

/**
 * Revokes a key, permanently. Only an active key is updated (`revokedAt: null` in the where), so a second
 * revocation, even a racing one, changes nothing and answers with the original revokedAt and reason.
 */
export async function revokePublicKey({
  access,
  kid,
  input,
}: {
  access: ProjectAccess;
  kid: string;
  input?: unknown;
}): Promise<PublicKeyDto> {
  if (!isUuid(kid)) throw keyNotFound();
  const parsed = revokePublicKeySchema.safeParse(asInput(input));
  if (!parsed.success) throw validationError(parsed.error);
  const { reason } = parsed.data;
  const { row, revoked } = await getPrisma().$transaction(async (tx) => {
    const [updated] = await tx.publicKey.updateManyAndReturn({
      where: { ...inProject(access, kid), revokedAt: null },
      data: { revokedAt: new Date(), revokedById: access.actor.userId, revokeReason: reason },
      select: PUBLIC_KEY_ROW_SELECT,
    });
    if (updated) {
      await recordAuditEvent(tx, {
        actor: access.actor,
        projectId: access.projectId,
        action: "key.revoked",
        targetType: "public_key",
        targetId: updated.kid,
        metadata: { name: updated.name, fingerprint: updated.fingerprint, reason },
      });
      return { row: updated, revoked: true };
    }
    const existing = await tx.publicKey.findFirst({ where: inProject(access, kid), select: PUBLIC_KEY_ROW_SELECT });
    if (!existing) throw keyNotFound();
    return { row: existing, revoked: false };
  });
  if (revoked) projectChanged(access.projectId);
  return serializePublicKey(row);
}

/**
 * The project's ACTIVE keys as an RFC 7517 JWK Set, for gateways that verify locally. Public on purpose
 * (these are public keys), so it takes no access object; null when there is no such project.
 */
export async function getProjectJwks({ projectId }: { projectId: string }): Promise<{ keys: SigningJwk[] } | null> {
  if (!isUuid(projectId)) return null;
  const project = await getPrisma().project.findUnique({
    where: { id: projectId.toLowerCase() },
    select: {
      publicKeys: {
        where: { revokedAt: null },
        orderBy: [{ createdAt: "desc" }, { kid: "asc" }],
        select: { kid: true, jwk: true, algorithms: true },
      },
    },
  });
  if (!project) return null;
  return { keys: project.publicKeys.map(signingJwk) };
}
