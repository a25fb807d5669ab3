// The header list the lean path (server.mjs) gives writeHead, as its flat
// [name, value, ...] form: headers given whole to writeHead skip setHeader's
// per-call bookkeeping (the hot path). A flat list does not replace duplicates
// the way setHeader did, so the names the server owns are dropped from a
// handler's headers here: its security headers cannot be weakened or doubled,
// and Content-Length and Connection stay the server's.
import { API_CSP, SECURITY_HEADERS } from "../lib/http/security-headers.mjs";

// What next.config.mjs adds to every API answer, from the same list.
const API_ANSWER_HEADERS = [...SECURITY_HEADERS, API_CSP];
const API_HEADERS = API_ANSWER_HEADERS.flatMap(({ key, value }) => [key, value]);
const SERVER_OWNED = new Set(API_ANSWER_HEADERS.map(({ key }) => key.toLowerCase()).concat("content-length", "connection", "transfer-encoding"));
const flatHeaders = new WeakMap();

function flattenOwn(headers) {
  const flat = [];
  for (const name in headers) {
    if (!Object.hasOwn(headers, name) || SERVER_OWNED.has(name.toLowerCase())) continue;
    flat.push(name, headers[name]);
  }
  return flat;
}

/** A handler's header object as a flat list; computed once for the shared, frozen ones. */
function flatten(headers) {
  if (!Object.isFrozen(headers)) return flattenOwn(headers);
  let flat = flatHeaders.get(headers);
  if (flat === undefined) {
    flat = flattenOwn(headers);
    flatHeaders.set(headers, flat);
  }
  return flat;
}

/** The full header list for a handler's response { status, headers, body }. */
export function leanResponseHeaders(response, { closing = false } = {}) {
  const headers = [...API_HEADERS, "Content-Length", Buffer.byteLength(response.body), ...flatten(response.headers)];
  // Stopping: answer, then close, even a request that arrived before the signal.
  if (closing) headers.push("Connection", "close");
  return headers;
}
