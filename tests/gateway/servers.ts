// The two HTTP servers a gateway test puts around nginx: Signet's forward-auth endpoint
// answered the way scripts/server.mjs answers it on the lean path, and an upstream app
// that echoes what reached it.
import http from "node:http";
import type net from "node:net";
import { handleForwardAuthRequest, type ForwardAuthRequest } from "@/lib/verify/forward-auth";
import type { ServiceResponse } from "@/lib/verify/service-response";

const FORWARD_AUTH_PREFIX = "/api/internal/forward-auth/";

export interface TestServer {
  port: number;
  /** Requests seen, newest last. */
  seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

async function listen(server: http.Server, seen: TestServer["seen"]): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, response: ServiceResponse): void {
  res.setHeader("Content-Length", Buffer.byteLength(response.body));
  res.writeHead(response.status, response.headers);
  res.end(response.body === "" ? undefined : response.body);
}

/** /api/internal/forward-auth/{projectId} → handleForwardAuthRequest, as the lean path does. */
export function startForwardAuthServer(): Promise<TestServer> {
  const seen: TestServer["seen"] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    if (!pathname.startsWith(FORWARD_AUTH_PREFIX)) {
      res.writeHead(404).end();
      return;
    }
    req.resume();
    // Built as a value, not a literal: remoteAddress is what the lean path passes for the rate limit.
    const request: ForwardAuthRequest & { remoteAddress?: string | null } = {
      projectId: decodeURIComponent(pathname.slice(FORWARD_AUTH_PREFIX.length)),
      headers: req.headers,
      remoteAddress: req.socket.remoteAddress,
    };
    const result = handleForwardAuthRequest(request);
    if (result instanceof Promise) result.then((response) => send(res, response), () => res.destroy());
    else send(res, result);
  });
  return listen(server, seen);
}

/** Answers 200 with the method, URL and headers it received, as JSON. */
export function startEchoServer(): Promise<TestServer> {
  const seen: TestServer["seen"] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    req.resume();
    const body = JSON.stringify({ method: req.method, url: req.url, headers: req.headers });
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
  return listen(server, seen);
}
