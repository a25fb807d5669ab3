import { apiRoute, requireProjectRoute } from "@/lib/api/api-route";
import { asObject, readJson } from "@/lib/api/read-json";
import { json } from "@/lib/api/responses";
import { changeMemberRole, removeMember } from "@/lib/members/members";

type Params = { projectId: string; userId: string };

// PATCH /api/v1/projects/:projectId/members/:userId — change a member's role (owner only)
export const PATCH = apiRoute<Params>("members.change_role", async (request, { projectId, userId }) => {
  const access = await requireProjectRoute(request, projectId, "owner");
  const input = asObject(await readJson(request));
  return json(await changeMemberRole({ access, userId, input }));
});

// DELETE /api/v1/projects/:projectId/members/:userId — remove a member (owner), or leave (yourself)
export const DELETE = apiRoute<Params>("members.remove", async (request, { projectId, userId }) => {
  const access = await requireProjectRoute(request, projectId);
  await removeMember({ access, userId });
  return new Response(null, { status: 204 });
});
