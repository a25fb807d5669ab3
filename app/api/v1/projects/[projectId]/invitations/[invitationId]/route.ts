import { apiRoute, requireProjectRoute } from "@/lib/api/api-route";
import { revokeInvitation } from "@/lib/members/invitations";

type Params = { projectId: string; invitationId: string };

// DELETE /api/v1/projects/:projectId/invitations/:invitationId — revoke a pending invitation (owner only)
export const DELETE = apiRoute<Params>("invitations.revoke", async (request, { projectId, invitationId }) => {
  const access = await requireProjectRoute(request, projectId, "owner");
  await revokeInvitation({ access, invitationId });
  return new Response(null, { status: 204 });
});
