import { readLimitedBody } from "@/lib/api/read-limited-body";
import { toWebResponse } from "@/lib/verify/service-response";
import { handleVerifyRequest, VERIFY_BODY_LIMIT_BYTES } from "@/lib/verify/verify-service";

export const dynamic = "force-dynamic";

// POST /api/internal/verify — gateways ask whether a token is valid for a project
export async function POST(request: Request): Promise<Response> {
  const bodyText = await readLimitedBody(request, VERIFY_BODY_LIMIT_BYTES).catch(() => "");
  return toWebResponse(await handleVerifyRequest({ headers: request.headers, bodyText }));
}
