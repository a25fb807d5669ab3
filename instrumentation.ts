// Next.js calls register() once per server process, before the first request: start the
// key cache's LISTEN connection and the usage flusher, and flush usage on SIGTERM/SIGINT.
export async function register() {
  // The documented shape: the bundler drops the Node-only import from the edge build.
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startVerifyRuntime } = await import("./lib/verify/runtime");
    startVerifyRuntime();
    const { publishInternalApi } = await import("./lib/verify/internal-api-bridge");
    publishInternalApi();
  }
}
