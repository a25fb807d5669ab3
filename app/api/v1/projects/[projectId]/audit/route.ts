import { apiRoute, requireProjectRoute } from "@/lib/api/api-route";
import { json } from "@/lib/api/responses";
import { listAuditEvents } from "@/lib/audit/list-audit-events";

type Params = { projectId: string };

// GET /api/v1/projects/:projectId/audit — audit events, newest first (?cursor=&limit=&action=)
export const GET = apiRoute<Params>("audit.list", async (request, { projectId }) => {
  const access = await requireProjectRoute(request, projectId);
  const query = new URL(request.url).searchParams;
  return json(
    await listAuditEvents({
      access,
      cursor: query.get("cursor") || null,
      limit: query.get("limit") || null,
      action: query.get("action") || null,
    }),
  );
});
