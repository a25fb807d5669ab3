import { z } from "zod";
import { createPersonalAccessTokenSchema } from "@/lib/auth/personal-access-tokens";
import { addMemberSchema, changeMemberRoleSchema } from "@/lib/members/validations";
import { signInSchema, signUpSchema } from "@/lib/validations/auth";
import { addPublicKeySchema, renamePublicKeySchema, revokePublicKeySchema } from "@/lib/validations/keys";
import { createProjectSchema, updateProjectSchema } from "@/lib/validations/projects";
import * as responses from "@/lib/validations/responses";
import { verifyRequestSchema } from "./verify-request";

// Every named schema of the document: the request schemas are the very ones the routes
// validate with (read as their input type); the responses come from lib/validations/responses.ts.

/** POST …/keys: the key parser reads `publicKey` itself; the schema covers the other fields. */
const addPublicKeyRequestSchema = addPublicKeySchema.extend({
  publicKey: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .describe("PEM (public key or certificate), or a JWK as a JSON string or object. Over 16 KiB → 422 invalid_key."),
});

const openApiDocumentSchema = z
  .looseObject({ openapi: z.string().regex(/^3\.1\./), info: z.looseObject({ title: z.string(), version: z.string() }) })
  .describe("This document (OpenAPI 3.1).");

export const COMPONENT_SCHEMAS = {
  SignUpRequest: signUpSchema,
  LoginRequest: signInSchema,
  CreateProjectRequest: createProjectSchema,
  UpdateProjectRequest: updateProjectSchema,
  AddPublicKeyRequest: addPublicKeyRequestSchema,
  RenamePublicKeyRequest: renamePublicKeySchema,
  RevokePublicKeyRequest: revokePublicKeySchema,
  AddMemberRequest: addMemberSchema,
  ChangeMemberRoleRequest: changeMemberRoleSchema,
  CreateAccessTokenRequest: createPersonalAccessTokenSchema,
  VerifyRequest: verifyRequestSchema,
  SignUpResponse: responses.signUpResponseSchema,
  LoginResponse: responses.loginResponseSchema,
  Policy: responses.policyResponseSchema,
  Project: responses.projectResponseSchema,
  ProjectList: responses.projectListResponseSchema,
  Jwk: responses.jwkResponseSchema,
  Jwks: responses.jwksResponseSchema,
  Key: responses.publicKeyResponseSchema,
  KeyList: responses.publicKeyListResponseSchema,
  Member: responses.memberResponseSchema,
  MemberList: responses.memberListResponseSchema,
  Invitation: responses.invitationResponseSchema,
  InvitationList: responses.invitationListResponseSchema,
  AddMemberResult: responses.addMemberResponseSchema,
  UsageReport: responses.usageReportResponseSchema,
  AuditEvent: responses.auditEventResponseSchema,
  AuditEventPage: responses.auditEventPageResponseSchema,
  AccessToken: responses.accessTokenResponseSchema,
  AccessTokenList: responses.accessTokenListResponseSchema,
  CreatedAccessToken: responses.createdAccessTokenResponseSchema,
  ValidVerdict: responses.validVerdictSchema,
  NotEnforcedVerdict: responses.notEnforcedVerdictSchema,
  InvalidVerdict: responses.invalidVerdictSchema,
  Verdict: responses.verdictSchema,
  ManagementError: responses.managementErrorSchema,
  GatewayError: responses.gatewayErrorSchema,
  ForwardAuthError: responses.forwardAuthErrorSchema,
  OpenApiDocument: openApiDocumentSchema,
} satisfies Record<string, z.ZodType>;

export type SchemaId = keyof typeof COMPONENT_SCHEMAS;

export type JsonSchema = Record<string, unknown>;

export const schemaRef = (id: SchemaId) => ({ $ref: `#/components/schemas/${id}` });

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of every component, cross-referenced by `$ref`. */
export function buildComponentSchemas(): Record<SchemaId, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENT_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "throw",
    uri: (id) => `#/components/schemas/${id}`,
    override: formatOverPattern,
  });
  const extra = Object.keys(schemas).filter((id) => !(id in COMPONENT_SCHEMAS));
  if (extra.length) throw new Error(`Unexpected shared schemas ${extra.join(", ")}: give them an id in COMPONENT_SCHEMAS.`);
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutRootKeywords(schema)])) as Record<SchemaId, JsonSchema>;
}

/** A standalone JSON Schema for a parameter (first unwrapping optional and nullable: absence is the null). */
export function parameterSchema(schema: z.ZodType): JsonSchema {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  const options = { target: "draft-2020-12", io: "input", unrepresentable: "throw", override: formatOverPattern } as const;
  return withoutRootKeywords(z.toJSONSchema(inner, options));
}

/** zod writes both `format` and its own regex for uuid, date-time and email: the format says it, and reads better. */
function formatOverPattern({ jsonSchema }: { jsonSchema: JsonSchema }): void {
  if (typeof jsonSchema.format === "string" && FORMATS_WITHOUT_PATTERN.has(jsonSchema.format)) delete jsonSchema.pattern;
}

const FORMATS_WITHOUT_PATTERN = new Set(["uuid", "date-time", "email"]);

// OpenAPI places each schema in the document: `$id` (a fragment here) and `$schema` do not belong.
function withoutRootKeywords(schema: object): JsonSchema {
  const { $id: _id, $schema: _schema, ...rest } = schema as JsonSchema;
  return rest;
}
