import { getOpenApiJson } from "@/lib/openapi/build-document";

// GET /api/openapi.json — the OpenAPI 3.1 document of both APIs (public)
export function GET(): Response {
  return new Response(getOpenApiJson(), {
    headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300" },
  });
}
