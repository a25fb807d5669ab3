import type pg from "pg";
import { CURVES, KEY_TYPES, isSupportedAlgorithm, type Algorithm, type Curve, type KeyType } from "@/lib/keys/algorithms";
import { logger } from "@/lib/logger";
import { policyOf, type ProjectRow } from "@/lib/projects/serialize-project";
import { buildProjectSnapshot } from "./project-snapshot";
import { pemPublicKeyBody } from "./spki";
import type { ProjectSnapshot, VerificationKey } from "./types";

/** One row per key (policy repeated), or one row with null key columns for a project without keys. */
export interface ProjectKeyRow extends ProjectRow {
  kid: string | null;
  keyType: string | null;
  curve: string | null;
  algorithms: string[] | null;
  spkiPem: string | null;
  revoked: boolean | null;
}

// One round trip: the policy and every key, revoked ones included (they must fail as revoked_key).
// Unnamed: a named prepared statement collides across connections on the embedded PGlite server.
const LOAD_PROJECT = {
  text: `SELECT p."id", p."name", p."createdAt", p."enforce", p."requireExp", p."maxLifetimeSeconds",
                p."clockSkewSeconds", p."audience", p."allowedAlgorithms",
                k."kid", k."keyType", k."curve", k."algorithms", k."spkiPem", (k."revokedAt" IS NOT NULL) AS "revoked"
           FROM "Project" p
           LEFT JOIN "PublicKey" k ON k."projectId" = p."id"
          WHERE p."id" = $1::uuid`,
};

/** Loads one project's snapshot; null when there is no such project. Throws when the database fails. */
export async function loadProjectSnapshot(pool: pg.Pool, projectId: string): Promise<ProjectSnapshot | null> {
  const { rows } = await pool.query<ProjectKeyRow>({ ...LOAD_PROJECT, values: [projectId] });
  return snapshotFromRows(rows);
}

// One frozen array per distinct algorithm list: 250,000 cached keys share a handful.
const ALGORITHM_LISTS = new Map<string, readonly Algorithm[]>();

function algorithmList(stored: readonly string[] | null): readonly Algorithm[] {
  const list = (stored ?? []).filter(isSupportedAlgorithm);
  const name = list.join(",");
  let shared = ALGORITHM_LISTS.get(name);
  if (shared === undefined) {
    shared = Object.freeze(list);
    ALGORITHM_LISTS.set(name, shared);
  }
  return shared;
}

/**
 * The key as the verifier holds it: text only. Its KeyObject is made when a token first
 * names it (key-material.ts). The stored PEM is the one the key parser wrote (canonical
 * SPKI), so its body is already the `keysBySpki` map key.
 */
function verificationKey(row: ProjectKeyRow & { kid: string }): VerificationKey {
  const keyType = (KEY_TYPES as readonly string[]).includes(row.keyType ?? "") ? (row.keyType as KeyType) : "OKP";
  const curve = (CURVES as readonly string[]).includes(row.curve ?? "") ? (row.curve as Curve) : null;
  const spki = pemPublicKeyBody(row.spkiPem ?? "");
  if (spki === null) {
    // Kept, as revoked: the project stays enforced and the kid fails as revoked_key.
    logger.error({ projectId: row.id, kid: row.kid }, "stored public key is not a PEM public key; treating it as revoked");
    return { kid: row.kid, revoked: true, keyType, curve, algorithms: algorithmList([]), spki: "", material: null };
  }
  // `material` present from the start: one object shape for every key on the hot path.
  return { kid: row.kid, revoked: row.revoked === true, keyType, curve, algorithms: algorithmList(row.algorithms), spki, material: undefined };
}

/** Builds the snapshot from the rows of LOAD_PROJECT (pure; exported for tests). */
export function snapshotFromRows(rows: readonly ProjectKeyRow[]): ProjectSnapshot | null {
  const first = rows[0];
  if (!first) return null;
  const keys: VerificationKey[] = [];
  for (const row of rows) {
    if (row.kid !== null) keys.push(verificationKey(row as ProjectKeyRow & { kid: string }));
  }
  return buildProjectSnapshot({ projectId: first.id, policy: policyOf(first), keys });
}
