import { apiRoute } from "@/lib/api/api-route";
import { asObject, readJson } from "@/lib/api/read-json";
import { json } from "@/lib/api/responses";
import { requestMetaFromHeaders } from "@/lib/auth/request-meta";
import { signUp } from "@/lib/users/sign-up";

// POST /api/v1/signup — create an account
export const POST = apiRoute("signup", async (request) => {
  const input = asObject(await readJson(request));
  const user = await signUp({ input, meta: requestMetaFromHeaders(request.headers) });
  return json({ user }, 201);
});
