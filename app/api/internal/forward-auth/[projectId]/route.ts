import { handleForwardAuthRequest } from "@/lib/verify/forward-auth";
import { toWebResponse } from "@/lib/verify/service-response";

export const dynamic = "force-dynamic";

// ANY /api/internal/forward-auth/:projectId — nginx auth_request, Traefik ForwardAuth, Envoy ext_authz
async function forwardAuth(request: Request, context: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await context.params;
  return toWebResponse(await handleForwardAuthRequest({ projectId, headers: request.headers }));
}

export const GET = forwardAuth;
export const POST = forwardAuth;
export const PUT = forwardAuth;
export const PATCH = forwardAuth;
export const DELETE = forwardAuth;
export const HEAD = forwardAuth;
export const OPTIONS = forwardAuth;
