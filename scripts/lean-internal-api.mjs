// The verification API on plain node:http: /api/internal/verify and
// /api/internal/forward-auth/{projectId}, answered by the handlers that the Next
// bundle's instrumentation publishes (lib/verify/internal-api-bridge.ts). Used by the
// server thread (scripts/server.mjs, in front of Next) and by the INTERNAL_PORT thread
// (scripts/internal-api-worker.mjs, with no Next at all).
import { leanResponseHeaders } from "./lean-response-headers.mjs";

export const INTERNAL_API = Symbol.for("signet.internalApi");
export const INTERNAL_PREFIX = "/api/internal/";
export const VERIFY_PATH = "/api/internal/verify";
const FORWARD_AUTH_PREFIX = "/api/internal/forward-auth/";

/** The verification API this thread's instrumentation published, or undefined before it has. */
export function publishedInternalApi() {
  return globalThis[INTERNAL_API];
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

/** The path of a request target, without its query. */
export function pathOf(url) {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/** Writes a ServiceResponse (lib/verify/service-response.ts); `closing`: the answer closes its connection. */
export function sendServiceResponse(res, response, closing) {
  res.writeHead(response.status, leanResponseHeaders(response, { closing }));
  res.end(response.body === "" ? undefined : response.body);
}

/**
 * A handler `(api, req, res, pathname) => boolean`: true when it answers the request,
 * false when the request is not one it serves (another path).
 * `closing()` says the server is stopping: answers then close their connection.
 * `beforeAnswer()` runs right before each verdict is made, once the request is whole
 * (the INTERNAL_PORT thread applies key changes there).
 */
export function createInternalApiHandler({ closing, beforeAnswer = () => {} }) {
  const send = (res, response) => sendServiceResponse(res, response, closing());

  function answer(res, result) {
    if (result instanceof Promise) result.then((response) => send(res, response), () => res.destroy());
    else send(res, result);
  }

  return function handleInternal(api, req, res, pathname) {
    if (pathname === VERIFY_PATH) {
      if (req.method !== "POST") {
        req.resume();
        send(res, api.errorResponse(405, "method_not_allowed", "Use POST.", { Allow: "POST" }));
        return true;
      }
      readBody(req, api.verifyBodyLimitBytes, (bodyText) => {
        beforeAnswer();
        answer(res, api.handleVerifyRequest({ headers: req.headers, bodyText, remoteAddress: req.socket.remoteAddress }));
      });
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
      beforeAnswer();
      answer(res, api.handleForwardAuthRequest({ projectId, headers: req.headers, remoteAddress: req.socket.remoteAddress }));
      return true;
    }
    return false;
  };
}
