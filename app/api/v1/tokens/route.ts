import { apiRoute, requireCaller } from "@/lib/api/api-route";
import { asObject, readJson } from "@/lib/api/read-json";
import { json } from "@/lib/api/responses";
import { createPersonalAccessToken, listPersonalAccessTokens } from "@/lib/auth/personal-access-tokens";

// GET /api/v1/tokens — the caller's personal access tokens (never the tokens themselves)
export const GET = apiRoute("tokens.list", async (request) => {
  const caller = await requireCaller(request);
  return json({ tokens: await listPersonalAccessTokens({ caller }) });
});

// POST /api/v1/tokens — create a personal access token; the response is the only time it is shown
export const POST = apiRoute("tokens.create", async (request) => {
  const caller = await requireCaller(request);
  const input = asObject(await readJson(request));
  return json(await createPersonalAccessToken({ caller, input }), 201);
});
