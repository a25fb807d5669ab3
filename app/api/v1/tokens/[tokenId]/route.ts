import { apiRoute, requireCaller } from "@/lib/api/api-route";
import { json } from "@/lib/api/responses";
import { revokePersonalAccessToken } from "@/lib/auth/personal-access-tokens";

type Params = { tokenId: string };

// DELETE /api/v1/tokens/:tokenId — revoke one of your personal access tokens (idempotent)
export const DELETE = apiRoute<Params>("tokens.revoke", async (request, { tokenId }) => {
  const caller = await requireCaller(request);
  return json(await revokePersonalAccessToken({ caller, id: tokenId }));
});
