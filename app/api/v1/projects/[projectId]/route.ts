import { apiRoute, requireProjectRoute } from "@/lib/api/api-route";
import { asObject, readJson } from "@/lib/api/read-json";
import { json } from "@/lib/api/responses";
import { deleteProject, getProject, updateProject } from "@/lib/projects/projects";

type Params = { projectId: string };

// GET /api/v1/projects/:projectId — one project
export const GET = apiRoute<Params>("projects.get", async (request, { projectId }) => {
  const access = await requireProjectRoute(request, projectId);
  return json(await getProject({ access }));
});

// PATCH /api/v1/projects/:projectId — rename and/or merge a partial policy
export const PATCH = apiRoute<Params>("projects.update", async (request, { projectId }) => {
  const access = await requireProjectRoute(request, projectId, "admin");
  const input = asObject(await readJson(request, { optional: true }));
  return json(await updateProject({ access, input }));
});

// DELETE /api/v1/projects/:projectId — delete the project (owner only)
export const DELETE = apiRoute<Params>("projects.delete", async (request, { projectId }) => {
  const access = await requireProjectRoute(request, projectId, "owner");
  await deleteProject({ access });
  return new Response(null, { status: 204 });
});
