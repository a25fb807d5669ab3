// The INTERNAL_PORT listener: the verification API in a worker thread of Signet's
// process that never runs a Next.js request. On Node 20, Next's AsyncLocalStorage turns
// on async hooks for the whole thread it serves pages from, which costs every request
// there 5-15 µs more (docs/performance.md, finding 11); this thread has none. It loads
// the verification code from Next's own build (.next/server/instrumentation.js), the same
// compiled code the server thread runs, with its own key cache, pool and usage recorder.
// scripts/server.mjs starts it (workerData below) and relays key changes and /metrics.
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { createInternalApiHandler, INTERNAL_PREFIX, pathOf, publishedInternalApi, VERIFY_PATH } from "./lean-internal-api.mjs";
import { leanResponseHeaders } from "./lean-response-headers.mjs";
import { projectChangeReceiver } from "./project-change-relay.mjs";

const { root, port, hostname, changes } = workerData;

// What Next sets before it calls register(): this thread runs the Node.js build of it.
process.env.NEXT_RUNTIME = "nodejs";
const instrumentation = createRequire(import.meta.url)(path.join(root, ".next/server/instrumentation.js"));
await instrumentation.register();
const api = publishedInternalApi();
if (!api) throw new Error("the build's instrumentation did not publish the verification API");

const applyProjectChanges = projectChangeReceiver(changes, (projectId) => api.projectChanged(projectId));
let stopping = false;
const handleInternal = createInternalApiHandler({ closing: () => stopping });

const HEALTHY = JSON.stringify({ status: "ok" });
function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, leanResponseHeaders({ headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers }, body }, { closing: stopping }));
  res.end(body);
}
const errorBody = (code, message) => JSON.stringify({ error: { code, message } });

const server = http.createServer((req, res) => {
  applyProjectChanges();
  const pathname = pathOf(req.url ?? "/");
  if (pathname.startsWith(INTERNAL_PREFIX) && handleInternal(api, req, res, pathname)) return;
  req.resume();
  if (pathname === "/healthz") return sendJson(res, 200, HEALTHY);
  if (pathname === VERIFY_PATH) return sendJson(res, 405, errorBody("method_not_allowed", "Use POST."), { Allow: "POST" });
  sendJson(res, 404, errorBody("not_found", "This port serves the verification API only: POST /api/internal/verify and /api/internal/forward-auth/{projectId}."));
});
server.keepAliveTimeout = 65_000;

// Stopping: refuse new connections, answer what is in flight (each answer then closes its
// connection), write the pending usage, and tell the server thread.
async function stop() {
  if (stopping) return;
  stopping = true;
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  const idleCloser = setInterval(() => server.closeIdleConnections(), 100);
  await closed;
  clearInterval(idleCloser);
  await api.flushBeforeExit();
  parentPort.postMessage({ type: "stopped" });
}

parentPort.on("message", (message) => {
  if (message?.type === "stop") void stop();
  else if (message?.type === "metrics") parentPort.postMessage({ type: "metrics", id: message.id, reading: api.readLocalMetrics() });
});

server.once("error", (error) => parentPort.postMessage({ type: "failed", message: error.message }));
server.listen(port, hostname, () => parentPort.postMessage({ type: "listening" }));
