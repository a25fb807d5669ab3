import { apiRoute } from "@/lib/api/api-route";
import { asObject, readJson } from "@/lib/api/read-json";
import { json } from "@/lib/api/responses";
import { issueLoginToken } from "@/lib/auth/access-tokens";
import { authenticate } from "@/lib/auth/authenticate";
import { requestMetaFromHeaders } from "@/lib/auth/request-meta";

// POST /api/v1/login — exchange email and password for a 5-minute bearer token
export const POST = apiRoute("login", async (request) => {
  const input = asObject(await readJson(request));
  const user = await authenticate({ input, meta: requestMetaFromHeaders(request.headers) });
  const { token, expiresAt } = await issueLoginToken(user.id);
  return json({ token, expiresAt: expiresAt.toISOString() });
});
