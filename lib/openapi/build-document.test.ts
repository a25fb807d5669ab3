import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, getOpenApiDocument, getOpenApiJson } from "./build-document";
import { OPERATIONS } from "./operations";
import { COMPONENT_SCHEMAS } from "./schemas";

describe("the OpenAPI document", () => {
  it("is built once, frozen, and served as the same JSON", () => {
    const document = getOpenApiDocument();
    expect(getOpenApiDocument()).toBe(document);
    expect(Object.isFrozen(document.paths)).toBe(true);
    expect(JSON.parse(getOpenApiJson())).toEqual(buildOpenApiDocument());
  });

  it("has one operation per method and path, with unique operation ids", () => {
    const ids = OPERATIONS.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const document = getOpenApiDocument();
    const documented = Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(documented.sort()).toEqual([...ids].sort());
  });

  it("puts every named schema in the components, and nothing else", () => {
    expect(Object.keys(getOpenApiDocument().components.schemas).sort()).toEqual(Object.keys(COMPONENT_SCHEMAS).sort());
  });

  it("describes request bodies as the routes read them: optional fields, unknown fields allowed", () => {
    const { schemas } = getOpenApiDocument().components;
    expect(schemas.SignUpRequest).toMatchObject({ required: ["email", "password"] });
    expect(schemas.SignUpRequest).not.toHaveProperty("additionalProperties");
    expect(schemas.VerifyRequest).toMatchObject({ required: ["project"] });
    expect(schemas.Project).toMatchObject({ additionalProperties: false });
  });
});
