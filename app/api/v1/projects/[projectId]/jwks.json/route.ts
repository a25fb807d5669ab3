import { createHash } from "node:crypto";
import { apiRoute } from "@/lib/api/api-route";
import { errorResponse } from "@/lib/api/responses";
import { getProjectJwks } from "@/lib/keys/public-keys";

type Params = { projectId: string };

const CACHE_HEADERS = {
  "Cache-Control": "public, max-age=60",
  // Public keys, public on purpose: browsers on other origins may read them too.
  "Access-Control-Allow-Origin": "*",
};

// GET /api/v1/projects/:projectId/jwks.json — the active keys as a JWK Set (public, no authentication)
export const GET = apiRoute<Params>("keys.jwks", async (request, { projectId }) => {
  const jwks = await getProjectJwks({ projectId });
  if (!jwks) return errorResponse("not_found", "Project not found.");
  const body = JSON.stringify(jwks);
  const etag = `"${createHash("sha256").update(body).digest("base64url")}"`;
  const headers = { ...CACHE_HEADERS, ETag: etag };
  if (matchesIfNoneMatch(request.headers.get("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, headers: { ...headers, "Content-Type": "application/json" } });
});

/** RFC 9110 §13.1.2: a list of entity tags, compared weakly (a W/ prefix still matches), or "*". */
function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((entry) => {
    const tag = entry.trim();
    return tag === "*" || tag.replace(/^W\//, "") === etag;
  });
}
