import type { OperationSpec } from "../types";
import { ACCOUNT_OPERATIONS } from "./account";
import { GATEWAY_OPERATIONS } from "./gateway";
import { KEY_OPERATIONS } from "./keys";
import { MEMBER_OPERATIONS } from "./members";
import { PROJECT_OPERATIONS } from "./projects";

const DOCUMENT_OPERATION: OperationSpec = {
  method: "get",
  path: "/api/openapi.json",
  operationId: "getOpenApiDocument",
  summary: "This document",
  tag: "Meta",
  audience: "public",
  responses: {
    200: {
      description: "The OpenAPI 3.1 document of both APIs.",
      schema: "OpenApiDocument",
      headers: { "Cache-Control": { description: "`public, max-age=300`.", required: true } },
    },
  },
};

/** Every documented operation, in the document's order. */
export const OPERATIONS: readonly OperationSpec[] = [
  ...ACCOUNT_OPERATIONS,
  ...PROJECT_OPERATIONS,
  ...KEY_OPERATIONS,
  ...MEMBER_OPERATIONS,
  ...GATEWAY_OPERATIONS,
  DOCUMENT_OPERATION,
];
