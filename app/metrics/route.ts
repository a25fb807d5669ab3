import { isMetricsRequestAuthorized } from "@/lib/metrics/metrics-auth";
import { renderMetrics } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

// GET /metrics — Prometheus text format; `Authorization: Bearer <METRICS_TOKEN>` when that is set
export async function GET(request: Request): Promise<Response> {
  if (!isMetricsRequestAuthorized(request.headers.get("authorization"))) {
    return Response.json(
      { error: { code: "unauthorized", message: "Send `Authorization: Bearer <METRICS_TOKEN>`." } },
      { status: 401, headers: { "Cache-Control": "no-store", "WWW-Authenticate": 'Bearer realm="metrics"' } },
    );
  }
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
