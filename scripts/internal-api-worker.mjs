// The INTERNAL_PORT listener: the verification API in a worker thread of Signet's
// process that never runs a Next.js request. On Node 20, Next's AsyncLocalStorage turns
// on async hooks for the whole thread it serves pages from, which costs every request
// there 5-15 µs more (docs/performance.md, findings 11 and 12); this thread has none. It
// loads the verification code from Next's own build (.next/server/instrumentation.js),
// the same compiled code the server thread runs, with its own key cache, pool and usage
// recorder. scripts/internal-api-thread.mjs starts it (workerData below), relays key
// changes to it and asks it for /metrics.
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { drainHttpServer } from "./drain-http-server.mjs";
import { createInternalApiHandler, INTERNAL_PREFIX, pathOf, publishedInternalApi, sendServiceResponse } from "./lean-internal-api.mjs";
import { projectChangeReceiver } from "./project-change-relay.mjs";
import { currentThreadId } from "./thread-priority.mjs";

const { root, port, hostname, changes } = workerData;
const REQUIRED_API = ["handleVerifyRequest", "handleForwardAuthRequest", "errorResponse", "projectChanged", "readLocalMetrics", "flushBeforeExit"];

// What Next sets before it calls register(): this thread runs the Node.js build of it.
process.env.NEXT_RUNTIME = "nodejs";
// TRUST_PROXY describes the proxies in front of PORT. Gateways reach this port directly,
// where X-Forwarded-For is whatever the caller sends: the wrong-gateway-key limit counts
// the TCP peer here unless INTERNAL_TRUST_PROXY says a proxy is in front of this port too.
process.env.TRUST_PROXY = process.env.INTERNAL_TRUST_PROXY ?? "";
const instrumentation = createRequire(import.meta.url)(path.join(root, ".next/server/instrumentation.js"));
await instrumentation.register();
const api = publishedInternalApi();
const missing = REQUIRED_API.filter((name) => typeof api?.[name] !== "function");
if (missing.length) throw new Error(`the production build in .next is older than this server (no ${missing.join(", ")}): run next build`);

let stopping = false;
const closing = () => stopping;
const handleInternal = createInternalApiHandler({
  closing,
  beforeAnswer: projectChangeReceiver(changes, (projectId) => api.projectChanged(projectId)),
});
const HEALTHY = Object.freeze({ status: 200, headers: Object.freeze({ "Content-Type": "application/json", "Cache-Control": "no-store" }), body: JSON.stringify({ status: "ok" }) });
const NOT_FOUND = api.errorResponse(404, "not_found", "This port serves the verification API only: POST /api/internal/verify and /api/internal/forward-auth/{projectId}.");

const server = http.createServer((req, res) => {
  const pathname = pathOf(req.url ?? "/");
  if (pathname.startsWith(INTERNAL_PREFIX) && handleInternal(api, req, res, pathname)) return;
  req.resume();
  sendServiceResponse(res, pathname === "/healthz" ? HEALTHY : NOT_FOUND, closing());
});
server.keepAliveTimeout = 65_000;

// Stopping: refuse new connections, answer what is in flight within the grace period (each
// answer then closes its connection), write the pending usage, and tell the server thread.
async function stop(graceMs) {
  if (stopping) return;
  stopping = true;
  await drainHttpServer(server, graceMs);
  await api.flushBeforeExit();
  parentPort.postMessage({ type: "stopped" });
}

parentPort.on("message", (message) => {
  if (message?.type === "stop") void stop(message.graceMs);
  else if (message?.type === "metrics") parentPort.postMessage({ type: "metrics", id: message.id, reading: api.readLocalMetrics() });
});

server.once("error", (error) => parentPort.postMessage({ type: "failed", message: error.message }));
server.listen(port, hostname, () => parentPort.postMessage({ type: "listening", threadId: currentThreadId() }));
