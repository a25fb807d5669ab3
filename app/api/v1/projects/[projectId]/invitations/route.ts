import { apiRoute, requireProjectRoute } from "@/lib/api/api-route";
import { json } from "@/lib/api/responses";
import { listInvitations } from "@/lib/members/invitations";

type Params = { projectId: string };

// GET /api/v1/projects/:projectId/invitations — invitations not yet accepted (pending or expired)
export const GET = apiRoute<Params>("invitations.list", async (request, { projectId }) => {
  const access = await requireProjectRoute(request, projectId);
  return json({ invitations: await listInvitations({ access }) });
});
