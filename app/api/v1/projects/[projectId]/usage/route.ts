import { apiRoute, requireProjectRoute } from "@/lib/api/api-route";
import { json } from "@/lib/api/responses";
import { getUsageReport } from "@/lib/usage/usage-report";

type Params = { projectId: string };

// GET /api/v1/projects/:projectId/usage — verifications per hour (?range=24h) or day (?range=30d), optionally for one key (?kid=)
export const GET = apiRoute<Params>("usage.get", async (request, { projectId }) => {
  const access = await requireProjectRoute(request, projectId);
  const query = new URL(request.url).searchParams;
  return json(await getUsageReport({ access, range: query.get("range"), kid: query.get("kid") }));
});
