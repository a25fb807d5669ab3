// Signet's HTTP server: Next.js for the dashboard and the management API, and a
// lean path for the verification API. /api/internal/verify and
// /api/internal/forward-auth/* are answered straight from node:http by the
// handlers that instrumentation.ts publishes from the Next bundle (same key cache,
// same usage recorder as the Next routes, which stay as the fallback).
//
//   node scripts/server.mjs [--dev]      (npm start / npm run dev call this)
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { leanResponseHeaders } from "./lean-response-headers.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const INTERNAL_API = Symbol.for("signet.internalApi");
const VERIFY_PATH = "/api/internal/verify";
const CLIENT_IP_HEADER = "x-signet-client-ip";
const FORWARD_AUTH_PREFIX = "/api/internal/forward-auth/";
const SHUTDOWN_GRACE_MS = 10_000;
let stopping = false;

const app = next({ dev, dir: root, hostname, port });
const handleWithNext = app.getRequestHandler();
await app.prepare();

function send(res, response) {
  res.writeHead(response.status, leanResponseHeaders(response, { closing: stopping }));
  res.end(response.body === "" ? undefined : response.body);
}

function answer(res, result) {
  if (result instanceof Promise) result.then((response) => send(res, response), () => res.destroy());
  else send(res, result);
}

/** Reads the body up to `limit` bytes; null when it is larger (the handler answers 413). */
function readBody(req, limit, done) {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) {
    req.resume();
    return done(null);
  }
  const chunks = [];
  let size = 0;
  let overflow = false;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size > limit) overflow = true;
    else chunks.push(chunk);
  });
  req.on("end", () => {
    if (overflow) return done(null);
    done(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8"));
  });
  req.on("error", () => req.destroy());
}

function handleInternal(api, req, res, pathname) {
  if (pathname === VERIFY_PATH) {
    if (req.method !== "POST") return false;
    readBody(req, api.verifyBodyLimitBytes, (bodyText) => answer(res, api.handleVerifyRequest({ headers: req.headers, bodyText, remoteAddress: req.socket.remoteAddress })));
    return true;
  }
  if (pathname.startsWith(FORWARD_AUTH_PREFIX)) {
    const rest = pathname.slice(FORWARD_AUTH_PREFIX.length);
    if (rest === "" || rest.includes("/")) return false;
    let projectId;
    try {
      projectId = decodeURIComponent(rest);
    } catch {
      return false;
    }
    req.resume();
    answer(res, api.handleForwardAuthRequest({ projectId, headers: req.headers, remoteAddress: req.socket.remoteAddress }));
    return true;
  }
  return false;
}

const server = http.createServer((req, res) => {
  const url = req.url ?? "/";
  if (url.startsWith("/api/internal/")) {
    const api = globalThis[INTERNAL_API];
    const query = url.indexOf("?");
    const pathname = query === -1 ? url : url.slice(0, query);
    if (api && handleInternal(api, req, res, pathname)) return;
  }
  // Stopping: every answer closes its connection, so keep-alive clients go to another instance.
  if (stopping) res.setHeader("Connection", "close");
  // The TCP peer, for audit and rate limits; a client-sent value never survives (lib/api/client-address.ts).
  req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "";
  handleWithNext(req, res);
});
server.keepAliveTimeout = 65_000;

server.listen(port, hostname, () => {
  console.log(JSON.stringify({ level: "info", time: new Date().toISOString(), msg: `Signet listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}${dev ? " (development)" : ""}` }));
});

// Graceful stop: refuse new connections, let in-flight requests finish (bounded),
// then exit; the verify runtime flushes usage counters before the process ends.
function stop() {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // Connections busy at the signal go idle once answered: close them as they do.
  setInterval(() => server.closeIdleConnections(), 100).unref();
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, SHUTDOWN_GRACE_MS).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
