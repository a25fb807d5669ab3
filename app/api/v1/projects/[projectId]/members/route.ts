import { apiRoute, requireProjectRoute } from "@/lib/api/api-route";
import { asObject, readJson } from "@/lib/api/read-json";
import { json } from "@/lib/api/responses";
import { addMember, listMembers } from "@/lib/members/members";

type Params = { projectId: string };

// GET /api/v1/projects/:projectId/members — the project's members and their roles
export const GET = apiRoute<Params>("members.list", async (request, { projectId }) => {
  const access = await requireProjectRoute(request, projectId);
  return json({ members: await listMembers({ access }) });
});

// POST /api/v1/projects/:projectId/members — add an existing user, or invite an unknown email (owner only)
export const POST = apiRoute<Params>("members.add", async (request, { projectId }) => {
  const access = await requireProjectRoute(request, projectId, "owner");
  const input = asObject(await readJson(request));
  return json(await addMember({ access, input }), 201);
});
