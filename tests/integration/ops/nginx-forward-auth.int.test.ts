import { createHash } from "node:crypto";
import http from "node:http";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokePublicKey } from "@/lib/keys/public-keys";
import { nginxAvailable, NGINX_BINARY, renderTemplate, startNginx, type RunningNginx } from "../../gateway/nginx";
import { startEchoServer, startForwardAuthServer, type TestServer } from "../../gateway/servers";
import { GATEWAY, newProjectWithKey, nowSeconds, signToken, type TestKey, type TestProject } from "../verify/verify-fixtures";

// nginx auth_request → Signet's forward-auth → the app, with the configuration that
// docs/gateways.md shows. CI installs nginx (.ci/run); without it these tests are skipped.
const haveNginx = nginxAvailable();
if (!haveNginx) console.warn(`nginx-forward-auth: skipped, ${NGINX_BINARY} not found (apt-get install -y nginx)`);

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request through nginx with exactly these headers (fetch cannot set Host). */
function through(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: options.method ?? "GET", path: options.path ?? "/rpc", headers: options.headers, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error("request through nginx timed out")));
    req.on("error", reject);
    req.end(options.body);
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.skipIf(!haveNginx)(`nginx auth_request in front of forward-auth (needs ${NGINX_BINARY})`, () => {
  let project: TestProject & { key: TestKey };
  let signet: TestServer;
  let app: TestServer;
  let nginx: RunningNginx;

  beforeAll(async () => {
    project = await newProjectWithKey("nginx gateway");
    signet = await startForwardAuthServer();
    app = await startEchoServer();
    nginx = await startNginx({ signetPort: signet.port, appPort: app.port, projectId: project.projectId, gatewayKey: GATEWAY["x-gateway-key"] });
  });

  afterAll(async () => {
    await nginx?.stop();
    await signet?.close();
    await app?.close();
  });

  it("passes a valid token through to the app with X-Signet-Kid and X-Signet-Sub, and never forwards the gateway key", async () => {
    const token = await signToken(project.key, { sub: "alice" });
    const seenBefore = app.seen.length;
    const res = await through(nginx.port, { method: "POST", headers: { ...bearer(token), "content-type": "application/json" }, body: '{"method":"eth_blockNumber"}' });
    expect(res.status, res.body).toBe(200);
    const echoed = JSON.parse(res.body);
    expect(echoed.method).toBe("POST");
    expect(echoed.headers["x-signet-kid"]).toBe(project.key.kid);
    expect(echoed.headers["x-signet-sub"]).toBe("alice");
    expect(echoed.headers.authorization).toBe(`Bearer ${token}`);
    expect(echoed.headers["x-gateway-key"]).toBeUndefined();
    expect(app.seen.length).toBe(seenBefore + 1);

    // What Signet saw: the gateway key, the original host as the audience, no body.
    const check = signet.seen.at(-1)!;
    expect(check.url).toBe(`/api/internal/forward-auth/${project.projectId}`);
    expect(check.headers["x-gateway-key"]).toBe(GATEWAY["x-gateway-key"]);
    expect(check.headers["x-forwarded-host"]).toBe("127.0.0.1");
    expect(check.headers["content-length"]).toBeUndefined();
  });

  it("replaces X-Signet-Kid / X-Signet-Sub sent by the client", async () => {
    const token = await signToken(project.key, { sub: undefined });
    const res = await through(nginx.port, { headers: { ...bearer(token), "x-signet-kid": "forged", "x-signet-sub": "root" } });
    expect(res.status).toBe(200);
    const echoed = JSON.parse(res.body);
    expect(echoed.headers["x-signet-kid"]).toBe(project.key.kid);
    expect(echoed.headers["x-signet-sub"]).toBeUndefined();
  });

  it("answers 401 with Signet's WWW-Authenticate for a missing, garbage, expired or body-bound token, and the app sees nothing", async () => {
    const expired = await signToken(project.key, { iat: nowSeconds() - 120, exp: nowSeconds() - 60 });
    const body = '{"method":"eth_sendRawTransaction"}';
    const bodyBound = await signToken(project.key, { bodyHash: createHash("sha256").update(body).digest("hex") });
    const cases: Array<{ headers: Record<string, string>; body?: string; challenge: string }> = [
      { headers: {}, challenge: "Bearer" },
      { headers: { authorization: "Basic dXNlcjpwYXNz" }, challenge: "Bearer" },
      { headers: bearer("garbage"), challenge: 'Bearer error="invalid_token", error_description="invalid JWT token (malformatted token)"' },
      { headers: bearer(expired), challenge: 'Bearer error="invalid_token", error_description="invalid JWT token (expired token)"' },
      // forward-auth never sees the body: a bodyHash token cannot pass it (use POST /api/internal/verify).
      { headers: bearer(bodyBound), body, challenge: 'Bearer error="invalid_token", error_description="invalid JWT token (body hash mismatch)"' },
    ];
    const seenBefore = app.seen.length;
    for (const { headers, body: payload, challenge } of cases) {
      const res = await through(nginx.port, { method: payload ? "POST" : "GET", headers, body: payload });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers["www-authenticate"]).toBe(challenge);
      expect(res.headers["x-signet-kid"]).toBeUndefined();
    }
    expect(app.seen.length).toBe(seenBefore);
  });

  it("checks the audience against the host the client asked for", async () => {
    const token = await signToken(project.key, { aud: "rpc.example.com" });
    expect((await through(nginx.port, { headers: { ...bearer(token), host: "rpc.example.com:8545" } })).status).toBe(200);
    const wrong = await through(nginx.port, { headers: { ...bearer(token), host: "api.example.com" } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers["www-authenticate"]).toContain("audience mismatch");
  });

  it("stops a revoked key at once, and can answer JSON-RPC clients with a -32013 error body", async () => {
    const target = await newProjectWithKey("nginx revocation");
    const rpcNginx = await startNginx({
      signetPort: signet.port,
      appPort: app.port,
      projectId: target.projectId,
      gatewayKey: GATEWAY["x-gateway-key"],
      jsonRpcErrors: true,
    });
    try {
      const token = await signToken(target.key);
      expect((await through(rpcNginx.port, { headers: bearer(token) })).status).toBe(200);
      await revokePublicKey({ access: target.access, kid: target.key.kid, input: { reason: "test" } });
      const res = await through(rpcNginx.port, { method: "POST", headers: bearer(token), body: '{"jsonrpc":"2.0","method":"eth_chainId","id":1}' });
      expect(res.status).toBe(401);
      expect(res.headers["www-authenticate"]).toBe('Bearer error="invalid_token", error_description="invalid JWT token (revoked key)"');
      expect(res.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(res.body)).toEqual({ jsonrpc: "2.0", error: { code: -32013, message: "invalid JWT token" }, id: null });
    } finally {
      await rpcNginx.stop();
    }
  });

  it("logged no upstream errors", () => {
    expect(nginx.errorLog()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  });
});

describe("docs/gateways.md", () => {
  it("shows the nginx configuration these tests run", () => {
    const docs = readFileSync(new URL("../../../docs/gateways.md", import.meta.url), "utf8");
    const shown = renderTemplate("signet-auth.conf.template", { PROJECT_ID: "<project-id>", GATEWAY_KEY: "<one of GATEWAY_KEYS>" });
    expect(docs).toContain(shown.trim());
    expect(docs).toContain(renderTemplate("signet-jsonrpc-401.conf.template", {}).trim());
  });
});
