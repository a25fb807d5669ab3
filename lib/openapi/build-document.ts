import { version } from "@/package.json";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { OPERATIONS } from "./operations";
import { PATH_PARAMETERS } from "./operations/common";
import { INFO_DESCRIPTION, SECURITY, SECURITY_SCHEMES, TAGS } from "./document-info";
import { buildComponentSchemas, parameterSchema, schemaRef, type JsonSchema } from "./schemas";
import type { HeaderSpec, OperationSpec, ResponseSpec } from "./types";

// The OpenAPI 3.1 document of both HTTP APIs, built once: schemas from zod (schemas.ts),
// paths, statuses and error codes from the operation table (operations/), which
// tests/integration/api/openapi.int.test.ts holds to the route files and their real answers.

export type OpenApiDocument = {
  openapi: string;
  info: JsonSchema;
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
} & JsonSchema;

const JSON_MEDIA = "application/json";

function responseObject(response: ResponseSpec, withBody: boolean): JsonSchema {
  const object: JsonSchema = { description: response.description };
  if (response.headers) object.headers = headerObjects(response.headers);
  if (response.schema && withBody) object.content = { [JSON_MEDIA]: { schema: responseSchema(response) } };
  return object;
}

function responseSchema({ schema, codes }: ResponseSpec): JsonSchema {
  if (Array.isArray(schema)) return { oneOf: schema.map(schemaRef) };
  const ref = schemaRef(schema!);
  if (!codes) return ref;
  const narrowed = { type: "object", properties: { code: { enum: [...codes] } } };
  return { allOf: [ref, { type: "object", properties: { error: narrowed } }] };
}

function headerObjects(headers: Record<string, HeaderSpec>): JsonSchema {
  return Object.fromEntries(
    Object.entries(headers).map(([name, header]) => [
      name,
      { description: header.description, ...(header.required ? { required: true } : {}), schema: { type: "string" } },
    ]),
  );
}

/** Management errors, one shared response per status and set of codes, each narrowed to those codes. */
function errorResponses(operation: OperationSpec, shared: Record<string, JsonSchema>): Record<number, JsonSchema> {
  const codes = [...(operation.errors ?? [])];
  if (operation.path.startsWith("/api/v1/")) codes.push("internal_error");
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const refs: Record<number, JsonSchema> = {};
  for (const [status, list] of byStatus) {
    const name = list.map(pascalCase).join("Or");
    shared[name] ??= responseObject(
      {
        description: list.map((code) => `\`${code}\``).join(", ") + ".",
        schema: "ManagementError",
        codes: list,
        ...(list.includes("rate_limited") ? { headers: { "Retry-After": { description: "Seconds to wait.", required: true } } } : {}),
      },
      true,
    );
    refs[status] = { $ref: `#/components/responses/${name}` };
  }
  return refs;
}

const pascalCase = (code: string) => code.replace(/(^|_)([a-z])/g, (_match, _sep, letter: string) => letter.toUpperCase());

function parameters(operation: OperationSpec): JsonSchema[] {
  const inPath = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const path = inPath.map((name) => {
    const spec = operation.pathParameters?.[name] ?? PATH_PARAMETERS[name];
    if (!spec) throw new Error(`${operation.operationId}: no description of path parameter {${name}}`);
    return { name, in: "path", required: true, description: spec.description, schema: parameterSchema(spec.schema) };
  });
  const query = Object.entries(operation.query?.schema.shape ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: false,
    description: operation.query!.descriptions[name],
    schema: parameterSchema(schema),
  }));
  const headers = Object.entries(operation.requestHeaders ?? {}).map(([name, description]) => ({
    name,
    in: "header",
    required: false,
    description,
    schema: { type: "string" },
  }));
  return [...path, ...query, ...headers];
}

function operationObject(operation: OperationSpec, shared: Record<string, JsonSchema>): JsonSchema {
  // HEAD answers carry no body.
  const withBody = operation.method !== "head";
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(operation.responses)) responses[status] = responseObject(response, withBody);
  for (const [status, response] of Object.entries(errorResponses(operation, shared))) {
    if (status in responses) throw new Error(`${operation.operationId}: status ${status} is described twice`);
    responses[status] = response;
  }
  const object: JsonSchema = {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    security: SECURITY[operation.audience],
  };
  const params = parameters(operation);
  if (params.length) object.parameters = params;
  if (operation.body) {
    object.requestBody = {
      required: operation.body.required,
      ...(operation.body.description ? { description: operation.body.description } : {}),
      content: { [JSON_MEDIA]: { schema: schemaRef(operation.body.schema) } },
    };
  }
  object.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
  return object;
}

export function buildOpenApiDocument(): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  const responses: Record<string, JsonSchema> = {};
  for (const operation of OPERATIONS) {
    const item = (paths[operation.path] ??= {});
    if (item[operation.method]) throw new Error(`${operation.method} ${operation.path} is documented twice`);
    item[operation.method] = operationObject(operation, responses);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Signet API", version, description: INFO_DESCRIPTION },
    servers: [{ url: "/", description: "This Signet instance (the origin serving this document)." }],
    tags: TAGS,
    paths,
    components: { schemas: buildComponentSchemas(), responses, securitySchemes: SECURITY_SCHEMES },
  };
}

let cached: { document: OpenApiDocument; json: string } | undefined;

function built() {
  if (!cached) {
    const document = deepFreeze(buildOpenApiDocument());
    cached = { document, json: JSON.stringify(document) };
  }
  return cached;
}

/** The document, built on first use and shared (frozen) after. */
export const getOpenApiDocument = (): OpenApiDocument => built().document;

/** The document serialised once, for the route. */
export const getOpenApiJson = (): string => built().json;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
