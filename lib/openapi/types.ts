import type { z } from "zod";
import type { ErrorCode } from "@/lib/errors";
import type { SchemaId } from "./schemas";

export type HttpMethod = "get" | "head" | "post" | "put" | "patch" | "delete" | "options";

/** Who may call: a signed-in user (bearer token or session cookie), a gateway (X-Gateway-Key), anyone. */
export type Audience = "user" | "gateway" | "public";

export interface HeaderSpec {
  description: string;
  required?: boolean;
}

export interface ResponseSpec {
  description: string;
  /** The body's component schema(s) (several: one of them); none for an empty body. */
  schema?: SchemaId | SchemaId[];
  /** Narrows `error.code` of an error-shaped body to these codes. */
  codes?: readonly string[];
  headers?: Record<string, HeaderSpec>;
}

export interface PathParameterSpec {
  description: string;
  schema: z.ZodType;
}

export interface OperationSpec {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/v1/projects/{projectId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  audience: Audience;
  body?: { schema: SchemaId; required: boolean; description?: string };
  /** Each member becomes an optional query parameter. */
  query?: { schema: z.ZodObject; descriptions: Record<string, string> };
  /** Request headers worth documenting (name → description); never Authorization, which security covers. */
  requestHeaders?: Record<string, string>;
  /** Path parameters other than the shared ones of PATH_PARAMETERS (operations.ts). */
  pathParameters?: Record<string, PathParameterSpec>;
  /** Answers in their own shapes: successes, and every status of the verification API. */
  responses: Record<number, ResponseSpec>;
  /** Management API error codes this operation can answer with; grouped by status into responses. */
  errors?: readonly ErrorCode[];
}
