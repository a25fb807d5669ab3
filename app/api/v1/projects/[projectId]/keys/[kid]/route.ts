import { apiRoute, requireProjectRoute } from "@/lib/api/api-route";
import { asObject, readJson } from "@/lib/api/read-json";
import { json } from "@/lib/api/responses";
import { getPublicKey, renamePublicKey, revokePublicKey } from "@/lib/keys/public-keys";

type Params = { projectId: string; kid: string };

// GET /api/v1/projects/:projectId/keys/:kid — one key
export const GET = apiRoute<Params>("keys.get", async (request, { projectId, kid }) => {
  const access = await requireProjectRoute(request, projectId);
  return json(await getPublicKey({ access, kid }));
});

// PATCH /api/v1/projects/:projectId/keys/:kid — set or clear the key's name
export const PATCH = apiRoute<Params>("keys.rename", async (request, { projectId, kid }) => {
  const access = await requireProjectRoute(request, projectId, "admin");
  const input = asObject(await readJson(request));
  return json(await renamePublicKey({ access, kid, input }));
});

// DELETE /api/v1/projects/:projectId/keys/:kid — revoke a key (permanent, idempotent)
export const DELETE = apiRoute<Params>("keys.revoke", async (request, { projectId, kid }) => {
  const access = await requireProjectRoute(request, projectId, "admin");
  const input = asObject(await readJson(request, { optional: true }));
  return json(await revokePublicKey({ access, kid, input }));
});
