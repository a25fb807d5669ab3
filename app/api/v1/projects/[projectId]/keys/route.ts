import { apiRoute, requireProjectRoute } from "@/lib/api/api-route";
import { asObject, readJson } from "@/lib/api/read-json";
import { json } from "@/lib/api/responses";
import { addPublicKey, listPublicKeys } from "@/lib/keys/public-keys";

type Params = { projectId: string };

// GET /api/v1/projects/:projectId/keys — active keys first, then revoked history
export const GET = apiRoute<Params>("keys.list", async (request, { projectId }) => {
  const access = await requireProjectRoute(request, projectId);
  return json(await listPublicKeys({ access }));
});

// POST /api/v1/projects/:projectId/keys — add a public key (admin and owner)
export const POST = apiRoute<Params>("keys.add", async (request, { projectId }) => {
  const access = await requireProjectRoute(request, projectId, "admin");
  const input = asObject(await readJson(request));
  return json(await addPublicKey({ access, input }), 201);
});
