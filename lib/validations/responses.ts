import { z } from "zod";
import { AUDIT_ACTIONS } from "@/lib/audit/record-audit-event";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { CURVES, KEY_TYPES, SUPPORTED_ALGORITHMS } from "@/lib/keys/algorithms";
import { ROLES } from "@/lib/projects/roles";
import { USAGE_RANGES } from "@/lib/usage/usage-window";
import { FAILURE_REASONS, JSON_RPC_ERROR_CODE } from "@/lib/verify/types";

// The response bodies of both HTTP APIs (VERIFY-API.md), as the serialisers build them.
// Strict objects: the OpenAPI document says `additionalProperties: false`, so a field
// added to a serialiser without being documented here fails the contract test.

const timestamp = z.iso.datetime().describe("RFC 3339, UTC.");
const nullableTimestamp = timestamp.nullable();
const id = z.uuid();
const role = z.enum(ROLES);
const algorithm = z.enum(SUPPORTED_ALGORITHMS);

export const policyResponseSchema = z
  .strictObject({
    enforce: z.boolean().describe("false: every token passes (`enforced: false` verdicts)."),
    requireExp: z.boolean(),
    maxLifetimeSeconds: z.int().min(1).nullable(),
    clockSkewSeconds: z.int().min(0),
    audience: z.string().nullable().describe("Overrides the audience the gateway passes."),
    allowedAlgorithms: z.array(algorithm).min(1).nullable().describe("null: every supported algorithm."),
  })
  .describe("The project's token policy.");

export const projectResponseSchema = z
  .strictObject({
    id,
    name: z.string(),
    role: role.describe("The caller's role in the project."),
    createdAt: timestamp,
    activeKeyCount: z.int().min(0),
    policy: policyResponseSchema,
  })
  .describe("A project, as seen by one of its members.");

export const projectListResponseSchema = z.strictObject({ projects: z.array(projectResponseSchema) });

const jwkMembers = {
  kid: id,
  use: z.literal("sig"),
  alg: algorithm.optional().describe("Present when the key verifies exactly one algorithm."),
};

export const jwkResponseSchema = z
  .discriminatedUnion("kty", [
    z.strictObject({ kty: z.literal("RSA"), n: z.string(), e: z.string(), ...jwkMembers }),
    z.strictObject({ kty: z.literal("EC"), crv: z.enum(["P-256", "P-384", "P-521", "secp256k1"]), x: z.string(), y: z.string(), ...jwkMembers }),
    z.strictObject({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string(), ...jwkMembers }),
  ])
  .describe("An RFC 7517 public JWK (never private members).");

export const jwksResponseSchema = z
  .strictObject({ keys: z.array(jwkResponseSchema) })
  .describe("RFC 7517 JWK Set of the project's active keys.");

export const publicKeyResponseSchema = z
  .strictObject({
    kid: id,
    name: z.string().nullable(),
    status: z.enum(["active", "revoked"]),
    keyType: z.enum(KEY_TYPES),
    curve: z.enum(CURVES).optional().describe("EC and OKP keys only."),
    bits: z.int().min(2048).optional().describe("RSA keys only: the modulus length."),
    algorithms: z.array(algorithm).min(1),
    fingerprint: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/)
      .describe("RFC 7638 JWK thumbprint (SHA-256), base64url without padding."),
    createdAt: timestamp,
    lastUsedAt: nullableTimestamp,
    revokedAt: nullableTimestamp.describe("null on an active key; a second revocation keeps the original."),
    revokeReason: z.string().nullable(),
    publicKeyPem: z.string().regex(/^-----BEGIN PUBLIC KEY-----\n/).describe("Normalised SPKI PEM."),
    jwk: jwkResponseSchema,
  })
  .describe("A public key of a project.");

export const publicKeyListResponseSchema = z.strictObject({
  keys: z.array(publicKeyResponseSchema).describe("Active keys first (newest first), then revoked ones."),
  activeCount: z.int().min(0),
  limit: z.int().describe("The most active keys a project may have (25)."),
});

export const memberResponseSchema = z.strictObject({
  userId: id,
  email: z.email(),
  name: z.string().nullable(),
  role,
  joinedAt: timestamp,
});

export const memberListResponseSchema = z.strictObject({ members: z.array(memberResponseSchema) });

export const invitationResponseSchema = z
  .strictObject({
    id,
    email: z.email(),
    role,
    status: z.enum(["pending", "expired", "accepted"]),
    createdAt: timestamp,
    expiresAt: timestamp,
    invitedById: id.nullable(),
  })
  .describe("An invitation; its token exists only in the link returned when it was created.");

export const invitationListResponseSchema = z.strictObject({ invitations: z.array(invitationResponseSchema) });

export const addMemberResponseSchema = z
  .discriminatedUnion("result", [
    z.strictObject({ result: z.literal("added"), member: memberResponseSchema }),
    z.strictObject({
      result: z.literal("invited"),
      invitation: invitationResponseSchema,
      invitePath: z.string().regex(/^\/invitations\/sgi_[A-Za-z0-9_-]{43}$/).describe("The one-time link; shown only here."),
    }),
  ])
  .describe("An email with an account is added at once; any other email is invited.");

export const auditEventResponseSchema = z.strictObject({
  id: z.string().regex(/^[1-9][0-9]*$/),
  at: timestamp,
  actor: z
    .strictObject({ id: id.nullable(), email: z.string().nullable() })
    .nullable()
    .describe("Who did it, as they were at the time."),
  action: z.enum(AUDIT_ACTIONS),
  target: z.strictObject({ type: z.string(), id: z.string().nullable() }).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  metadata: z.unknown().describe("What changed (names, roles, fingerprints…); never secrets."),
});

export const auditEventPageResponseSchema = z.strictObject({
  events: z.array(auditEventResponseSchema).describe("Newest first."),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next (older) page; null on the last page."),
});

const tokenMembers = {
  id,
  name: z.string(),
  prefix: z.string().describe("The start of the token, to recognise it."),
  status: z.enum(["active", "expired", "revoked"]),
  createdAt: timestamp,
  expiresAt: nullableTimestamp,
  lastUsedAt: nullableTimestamp,
  revokedAt: nullableTimestamp,
};

export const accessTokenResponseSchema = z
  .strictObject(tokenMembers)
  .describe("A personal access token, without the token itself.");

export const accessTokenListResponseSchema = z.strictObject({ tokens: z.array(accessTokenResponseSchema) });

export const createdAccessTokenResponseSchema = z
  .strictObject({ ...tokenMembers, token: z.string().regex(/^sgp_[A-Za-z0-9_-]{43}$/).describe("Shown only in this response.") })
  .describe("A new personal access token, with the token itself.");

export const signUpResponseSchema = z.strictObject({
  user: z.strictObject({ id, email: z.email(), name: z.string().nullable() }),
});

export const loginResponseSchema = z.strictObject({
  token: z.string().regex(/^sgl_[A-Za-z0-9_-]{43}$/).describe("A bearer token for the management API."),
  expiresAt: timestamp.describe("Five minutes from now."),
});

const count = z.int().min(0);
const usageTotals = { total: count, valid: count, failed: count };
const usageResult = z.string().describe("`valid`, or a failure reason of the verification API.");

export const usageReportResponseSchema = z
  .strictObject({
    range: z.enum(USAGE_RANGES),
    granularity: z.enum(["hour", "day"]),
    kid: id.nullable().describe("The key the buckets and totals are filtered to; null for the whole project."),
    from: timestamp.describe("Start of the first bucket."),
    to: timestamp.describe("End of the last bucket (exclusive)."),
    results: z.array(usageResult).describe("The results counted in the window: `valid` first, then reasons in check order."),
    buckets: z
      .array(z.strictObject({ start: timestamp, total: count, counts: z.record(z.string(), count) }))
      .describe("Every hour (24h) or UTC day (30d) of the window, oldest first, zero-filled."),
    totals: z.strictObject({ ...usageTotals, byResult: z.array(z.strictObject({ result: usageResult, count })) }),
    keys: z
      .array(
        z.strictObject({
          kid: id,
          name: z.string().nullable(),
          status: z.enum(["active", "revoked"]),
          lastUsedAt: nullableTimestamp,
          ...usageTotals,
        }),
      )
      .describe("Every key of the project (active first) with its counts in the window; never filtered by `kid`."),
    unattributed: z.strictObject(usageTotals).describe("Verifications no key was resolved for (missing or malformed tokens…)."),
    hasAnyUsage: z.boolean().describe("Whether the project has ever been verified against."),
  })
  .describe("Verifications of a project over a window, valid and by failure reason.");

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const managementErrorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(ERROR_CODES),
      message: z.string().describe("A human sentence."),
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .describe("E.g. `fields` (field → message) for validation_failed, `kid` for duplicate_key."),
    }),
  })
  .describe("The management API's error shape.");

export const GATEWAY_ERROR_CODES = ["gateway_unauthorized", "bad_request", "internal_error", "service_unavailable"] as const;

export const gatewayErrorSchema = z
  .strictObject({ error: z.strictObject({ code: z.enum(GATEWAY_ERROR_CODES), message: z.string() }) })
  .describe("The verification API's error shape (no verification was performed).");

export const forwardAuthErrorSchema = z
  .strictObject({ code: z.literal(JSON_RPC_ERROR_CODE), message: z.string() })
  .describe("All That Node's shape: the verdict's message, e.g. `invalid JWT token (expired token)`.");

export const validVerdictSchema = z
  .strictObject({
    valid: z.literal(true),
    enforced: z.literal(true),
    projectId: z.string(),
    kid: id,
    alg: algorithm,
    claims: z.record(z.string(), z.unknown()).describe("The verified JWT payload."),
  })
  .describe("The token is valid.");

export const notEnforcedVerdictSchema = z
  .strictObject({ valid: z.literal(true), enforced: z.literal(false), projectId: z.string() })
  .describe("Nothing was checked: the project never had a key, or enforcement is off.");

export const invalidVerdictSchema = z
  .strictObject({
    valid: z.literal(false),
    enforced: z.literal(true),
    projectId: z.string(),
    error: z.strictObject({
      code: z.literal(JSON_RPC_ERROR_CODE),
      reason: z.enum(FAILURE_REASONS).describe("The first failed check, in the order of VERIFY-API.md §2."),
      message: z.string().describe("`invalid JWT token (…)`, `missing JWT token` or `unknown project`."),
    }),
  })
  .describe("The token is refused (or the project is unknown).");

export const verdictSchema = z
  .union([validVerdictSchema, notEnforcedVerdictSchema, invalidVerdictSchema])
  .describe("The outcome of one verification: always HTTP 200.");
