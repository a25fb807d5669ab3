import { readiness } from "@/lib/health";

// GET /readyz — the database is reachable and migrations are applied
export const dynamic = "force-dynamic";
export async function GET() {
  const state = await readiness();
  return Response.json(state, { status: state.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
