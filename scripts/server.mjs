// Signet's HTTP server: Next.js for the dashboard and the management API, and a
// lean path for the verification API. /api/internal/verify and
// /api/internal/forward-auth/* are answered straight from node:http by the
// handlers that instrumentation.ts publishes from the Next bundle (same key cache,
// same usage recorder as the Next routes, which stay as the fallback). With
// INTERNAL_PORT set (production), a worker thread that never runs Next also serves
// the verification API on that port (scripts/internal-api-worker.mjs).
//
//   node scripts/server.mjs [--dev]      (npm start / npm run dev call this)
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { drainHttpServer } from "./drain-http-server.mjs";
import { internalListenerConfig, startInternalApiWorker } from "./internal-api-thread.mjs";
import { createInternalApiHandler, INTERNAL_PREFIX, pathOf, publishedInternalApi } from "./lean-internal-api.mjs";
import { displayUrl, logLine } from "./log-line.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const CLIENT_IP_HEADER = "x-signet-client-ip";
const SHUTDOWN_GRACE_MS = 10_000;
let stopping = false;

let internalListener;
try {
  internalListener = internalListenerConfig(process.env, { port, hostname, dev });
} catch (error) {
  logLine("fatal", error.message);
  process.exit(1);
}

const app = next({ dev, dir: root, hostname, port });
const handleWithNext = app.getRequestHandler();
await app.prepare();
const handleInternal = createInternalApiHandler({ closing: () => stopping });

let internalApiWorker = null;
if (internalListener) {
  try {
    internalApiWorker = await startInternalApiWorker({ root, ...internalListener });
  } catch (error) {
    logLine("fatal", `could not serve the verification API on INTERNAL_PORT ${internalListener.port}: ${error.message}`);
    process.exit(1);
  }
  // A gateway port that is gone must not go unnoticed: stop the whole process (gracefully,
  // so the main thread's requests and usage are not lost) and let the supervisor restart it.
  internalApiWorker.onUnexpectedExit((reason) => {
    logLine("fatal", `the INTERNAL_PORT listener stopped: ${reason}`);
    stop(1);
  });
  logLine("info", `verification API listening on ${displayUrl(internalListener.hostname, internalListener.port)} (INTERNAL_PORT)`);
}

const server = http.createServer((req, res) => {
  const url = req.url ?? "/";
  if (url.startsWith(INTERNAL_PREFIX)) {
    const api = publishedInternalApi();
    if (api && handleInternal(api, req, res, pathOf(url))) return;
  }
  // Stopping: every answer closes its connection, so keep-alive clients go to another instance.
  if (stopping) res.setHeader("Connection", "close");
  // The TCP peer, for audit and rate limits; a client-sent value never survives (lib/api/client-address.ts).
  req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "";
  handleWithNext(req, res);
});
server.keepAliveTimeout = 65_000;

server.listen(port, hostname, () => {
  logLine("info", `Signet listening on ${displayUrl(hostname, port)}${dev ? " (development)" : ""}`);
});

// Graceful stop: refuse new connections, let in-flight requests finish (bounded),
// then exit; the verify runtime flushes usage counters before the process ends (the
// INTERNAL_PORT thread writes its own before it says it has stopped).
function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  void Promise.all([drainHttpServer(server, SHUTDOWN_GRACE_MS), internalApiWorker?.stop()])
    // On a signal the verify runtime flushes by itself; this also covers a stop without one.
    .then(() => publishedInternalApi()?.flushBeforeExit?.())
    .finally(() => process.exit(exitCode));
  setTimeout(() => process.exit(exitCode), SHUTDOWN_GRACE_MS + 1_000).unref();
}
process.on("SIGTERM", () => stop());
process.on("SIGINT", () => stop());
