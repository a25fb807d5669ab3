import type { OperationSpec } from "../types";
import { IN_PROJECT, JSON_BODY, SIGNED_IN, WRITER } from "./common";

const KEYS = "/api/v1/projects/{projectId}/keys";
const KEY = `${KEYS}/{kid}`;

export const KEY_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: KEYS,
    operationId: "listKeys",
    summary: "List a project's public keys",
    description: "Active keys first, then revoked ones (revocation is permanent; revoked keys stay listed).",
    tag: "Keys",
    audience: "user",
    responses: { 200: { description: "The project's keys.", schema: "KeyList" } },
    errors: [...SIGNED_IN, ...IN_PROJECT],
  },
  {
    method: "post",
    path: KEYS,
    operationId: "addKey",
    summary: "Add a public key",
    description:
      "Admin or owner. Private keys are refused and never stored, logged or quoted back. " +
      "`algorithms` narrows what the key may verify; one it cannot use → 422 validation_failed.",
    tag: "Keys",
    audience: "user",
    body: { schema: "AddPublicKeyRequest", required: true },
    responses: { 201: { description: "The new key.", schema: "Key" } },
    errors: [
      ...WRITER,
      ...IN_PROJECT,
      ...JSON_BODY,
      "private_key_rejected",
      "weak_key",
      "unsupported_key",
      "invalid_key",
      "key_limit_reached",
      "duplicate_key",
    ],
  },
  {
    method: "get",
    path: KEY,
    operationId: "getKey",
    summary: "Get a public key",
    tag: "Keys",
    audience: "user",
    responses: { 200: { description: "The key.", schema: "Key" } },
    errors: [...SIGNED_IN, ...IN_PROJECT],
  },
  {
    method: "patch",
    path: KEY,
    operationId: "renameKey",
    summary: "Set or clear a key's name",
    description: "Admin or owner. Revoked keys can be renamed too.",
    tag: "Keys",
    audience: "user",
    body: { schema: "RenamePublicKeyRequest", required: true },
    responses: { 200: { description: "The renamed key.", schema: "Key" } },
    errors: [...WRITER, ...IN_PROJECT, ...JSON_BODY],
  },
  {
    method: "delete",
    path: KEY,
    operationId: "revokeKey",
    summary: "Revoke a key",
    description:
      "Admin or owner. Permanent and idempotent: a second DELETE answers 200 with the original `revokedAt` and reason. " +
      "The body is optional.",
    tag: "Keys",
    audience: "user",
    body: { schema: "RevokePublicKeyRequest", required: false },
    responses: { 200: { description: "The key, with `status: \"revoked\"`.", schema: "Key" } },
    errors: [...WRITER, ...IN_PROJECT, ...JSON_BODY],
  },
  {
    method: "get",
    path: "/api/v1/projects/{projectId}/jwks.json",
    operationId: "getJwks",
    summary: "The project's active keys as a JWK Set",
    description: "Public: these are public keys, for gateways that verify tokens themselves. Readable from any origin.",
    tag: "Keys",
    audience: "public",
    requestHeaders: { "If-None-Match": "An `ETag` of an earlier answer: 304 while the set is unchanged." },
    responses: {
      200: {
        description: "The JWK Set of the active keys.",
        schema: "Jwks",
        headers: {
          ETag: { description: "Send back in `If-None-Match` to get a 304 while the set is unchanged.", required: true },
          "Cache-Control": { description: "`public, max-age=60`.", required: true },
        },
      },
      304: {
        description: "Not modified: the `If-None-Match` matched.",
        headers: { ETag: { description: "The current entity tag.", required: true } },
      },
    },
    errors: ["not_found"],
  },
];
