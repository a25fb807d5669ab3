import type { PublicJwk } from "./types";

export interface PublicKeyRow {
  kid: string;
  name: string | null;
  keyType: string;
  curve: string | null;
  bits: number | null;
  algorithms: string[];
  fingerprint: string;
  spkiPem: string;
  jwk: unknown;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokeReason: string | null;
}

export const PUBLIC_KEY_ROW_SELECT = {
  kid: true,
  name: true,
  keyType: true,
  curve: true,
  bits: true,
  algorithms: true,
  fingerprint: true,
  spkiPem: true,
  jwk: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  revokeReason: true,
} as const;

export type KeyStatus = "active" | "revoked";

/** A JWK Set member: the public JWK with `kid`, `use: "sig"`, and `alg` when the key has exactly one algorithm. */
export type SigningJwk = PublicJwk & { kid: string; use: "sig"; alg?: string };

export function signingJwk(row: Pick<PublicKeyRow, "kid" | "jwk" | "algorithms">): SigningJwk {
  const jwk = row.jwk as PublicJwk;
  const alg = row.algorithms.length === 1 ? row.algorithms[0] : undefined;
  return { ...jwk, kid: row.kid, use: "sig", ...(alg ? { alg } : {}) };
}

/** The `Key` shape of VERIFY-API.md §1: `curve` omitted for RSA, `bits` omitted for EC/OKP. */
export function serializePublicKey(row: PublicKeyRow) {
  return {
    kid: row.kid,
    name: row.name,
    status: (row.revokedAt ? "revoked" : "active") as KeyStatus,
    keyType: row.keyType,
    ...(row.curve !== null ? { curve: row.curve } : {}),
    ...(row.bits !== null ? { bits: row.bits } : {}),
    algorithms: row.algorithms,
    fingerprint: row.fingerprint,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokeReason: row.revokeReason,
    publicKeyPem: row.spkiPem,
    jwk: signingJwk(row),
  };
}

export type PublicKeyDto = ReturnType<typeof serializePublicKey>;
