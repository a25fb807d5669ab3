import { apiRoute, requireCaller } from "@/lib/api/api-route";
import { asObject, readJson } from "@/lib/api/read-json";
import { json } from "@/lib/api/responses";
import { createProject, listProjects } from "@/lib/projects/projects";

// GET /api/v1/projects — the caller's projects
export const GET = apiRoute("projects.list", async (request) => {
  const caller = await requireCaller(request);
  return json({ projects: await listProjects({ caller }) });
});

// POST /api/v1/projects — create a project; the caller becomes its owner
export const POST = apiRoute("projects.create", async (request) => {
  const caller = await requireCaller(request);
  const input = asObject(await readJson(request));
  return json(await createProject({ caller, input }), 201);
});
