import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { SignJWT } from "jose";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "../../../scripts/embedded-db.mjs";
import { applyMigrations } from "../../../scripts/migrate.mjs";
import { freePort } from "../../gateway/nginx";
import { builtServerState, startBuiltServer, type BuiltServer } from "./built-server";
import { parseExposition, valueOf } from "./prometheus-text";

// INTERNAL_PORT: the verification API served by a worker thread that never runs Next.js
// (scripts/internal-api-worker.mjs), beside the dashboard and the management API on PORT.
// The database is the embedded one on purpose: it delivers no NOTIFY from one connection
// to another, so a key revoked on PORT can reach the INTERNAL_PORT thread's cache only
// through the in-process relay (scripts/project-change-relay.mjs), which is what must
// make a revocation hold from the very next request.

const build = builtServerState();
const GATEWAY_KEY = "internal-port-gateway-key";
const BASE_ENV = {
  GATEWAY_KEYS: GATEWAY_KEY,
  AUTH_SECRET: "internal-port-auth-secret-internal-port-auth-secret",
  LOG_LEVEL: "warn",
  INTERNAL_BACKGROUND_NICE: "10",
};

interface Key {
  kid: string;
  privateKey: KeyObject;
}

function signToken(key: Key, sub = "user-1"): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub, iat, exp: iat + 60 }).setProtectedHeader({ alg: "ES256", kid: key.kid }).sign(key.privateKey);
}

describe.skipIf(!build.usable)("INTERNAL_PORT, a thread without Next.js (the built server: node scripts/server.mjs)", () => {
  let database: { url: string; stop(): Promise<void> };
  let server: BuiltServer;
  let base: string;
  let internal: string;
  let bearer: string;
  let projectId: string;
  let validVerdicts = 0;

  async function api(method: string, route: string, body?: unknown) {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  }

  async function addKey(): Promise<Key> {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const publicPem = publicKey.export({ type: "spki", format: "pem" }).toString();
    const { kid } = await api("POST", `/api/v1/projects/${projectId}/keys`, { publicKey: publicPem });
    return { kid, privateKey };
  }

  async function verifyOn(url: string, token: string) {
    const response = await fetch(`${url}/api/internal/verify`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-gateway-key": GATEWAY_KEY },
      body: JSON.stringify({ project: projectId, token }),
    });
    const json = await response.json();
    if (response.status === 200 && json.valid === true) validVerdicts += 1;
    return { status: response.status, json };
  }

  beforeAll(async () => {
    database = await startEmbeddedDatabase({});
    await applyMigrations(database.url);
    const internalPort = await freePort();
    server = await startBuiltServer({ ...BASE_ENV, DATABASE_URL: database.url, INTERNAL_PORT: String(internalPort) });
    base = `http://127.0.0.1:${server.port}`;
    internal = `http://127.0.0.1:${internalPort}`;
    const email = `internal-port-${randomUUID()}@example.com`;
    await api("POST", "/api/v1/signup", { email, password: "a long enough password 1", name: "Internal port" });
    bearer = (await api("POST", "/api/v1/login", { email, password: "a long enough password 1" })).token;
    projectId = (await api("POST", "/api/v1/projects", { name: "Internal port" })).id;
  }, 60_000);

  afterAll(async () => {
    server?.kill();
    await database?.stop();
  });

  it("verifies on INTERNAL_PORT with a key added on PORT, and answers forward-auth there too", async () => {
    const key = await addKey();
    const token = await signToken(key);
    const verdict = await verifyOn(internal, token);
    expect(verdict.status).toBe(200);
    expect(verdict.json).toMatchObject({ valid: true, enforced: true, projectId, kid: key.kid, alg: "ES256" });

    const forwarded = await fetch(`${internal}/api/internal/forward-auth/${projectId}`, {
      headers: { authorization: `Bearer ${token}`, "x-gateway-key": GATEWAY_KEY },
    });
    expect(forwarded.status).toBe(200);
    expect(forwarded.headers.get("x-signet-kid")).toBe(key.kid);
    validVerdicts += 1; // forward-auth's verdicts are usage too

    const unauthorized = await fetch(`${internal}/api/internal/verify`, { method: "POST", body: JSON.stringify({ project: projectId, token }) });
    expect(unauthorized.status).toBe(401);
    expect((await unauthorized.json()).error.code).toBe("gateway_unauthorized");
    const badRequest = await fetch(`${internal}/api/internal/verify`, { method: "POST", headers: { "x-gateway-key": GATEWAY_KEY }, body: "{not json" });
    expect(badRequest.status).toBe(400);
  });

  it.skipIf(process.platform !== "linux")("keeps the INTERNAL_PORT thread's CPU priority and runs the rest of the process 10 nice levels lower", () => {
    const pid = server.child.pid as number;
    // The server started at this test runner's own nice value (0 unless the runner is niced).
    const base = os.getPriority();
    const niceOf = (tid: string) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    };
    const threads = readdirSync(`/proc/${pid}/task`).map((tid) => ({ tid: Number(tid), nice: niceOf(tid) }));
    const logged = /the INTERNAL_PORT thread \((\d+)\) keeps its CPU priority; (\d+) other threads/.exec(server.output());
    expect(logged).not.toBeNull();
    const verifier = Number(logged?.[1]);
    expect(verifier).not.toBe(pid); // a worker thread, not the main one
    expect(threads.find((thread) => thread.tid === verifier)?.nice).toBe(base);
    expect(threads.find((thread) => thread.tid === pid)?.nice).toBe(Math.min(19, base + 10)); // the thread that runs Next.js
    for (const thread of threads) {
      if (thread.tid !== verifier) expect(thread.nice, `thread ${thread.tid}`).toBe(Math.min(19, base + 10));
    }
  });

  it("serves nothing but the verification API and a health check on INTERNAL_PORT", async () => {
    expect(await (await fetch(`${internal}/healthz`)).json()).toEqual({ status: "ok" });
    // The same answer on both ports.
    for (const url of [internal, base]) {
      const wrongMethod = await fetch(`${url}/api/internal/verify`);
      expect(wrongMethod.status, url).toBe(405);
      expect(wrongMethod.headers.get("allow"), url).toBe("POST");
      expect((await wrongMethod.json()).error.code, url).toBe("method_not_allowed");
    }
    for (const route of ["/", "/login", "/api/v1/projects", "/metrics", "/api/internal/forward-auth/"]) {
      const response = await fetch(`${internal}${route}`, { headers: { authorization: `Bearer ${bearer}` } });
      expect(response.status, route).toBe(404);
      expect((await response.json()).error.code).toBe("not_found");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("fails a key revoked on PORT from INTERNAL_PORT's very next request, also for a token it had verified", async () => {
    for (let round = 0; round < 5; round++) {
      const key = await addKey();
      const token = await signToken(key, `round-${round}`);
      // Twice: the project is cached, and so is this verified token.
      for (let i = 0; i < 2; i++) expect((await verifyOn(internal, token)).json.valid, `round ${round}`).toBe(true);
      await api("DELETE", `/api/v1/projects/${projectId}/keys/${key.kid}`, { reason: "test" });
      const after = await verifyOn(internal, token);
      expect(after.json.valid, `round ${round}`).toBe(false);
      expect(after.json.error.reason, `round ${round}`).toBe("revoked_key");
    }
  });

  it("counts INTERNAL_PORT's verdicts and key cache in /metrics on PORT", async () => {
    const scrape = async () => parseExposition(await (await fetch(`${base}/metrics`)).text()).samples;
    const key = await addKey();
    const token = await signToken(key);
    const before = await scrape();
    const validBefore = valueOf(before, "signet_verifications_total", { endpoint: "verify", result: "valid" }) ?? 0;
    for (let i = 0; i < 4; i++) expect((await verifyOn(internal, token)).json.valid).toBe(true);
    const after = await scrape();
    expect(valueOf(after, "signet_verifications_total", { endpoint: "verify", result: "valid" })).toBe(validBefore + 4);
    // Only the INTERNAL_PORT thread has verified: its cache holds the project, the main thread's none.
    expect(valueOf(after, "signet_key_cache_projects", {})).toBe(1);
    expect(valueOf(after, "signet_db_pool_max_connections", {})).toBe(20); // two pools of DATABASE_POOL_SIZE (10)
  });

  it("on SIGTERM answers what INTERNAL_PORT has in flight, then stops both listeners after writing its usage", async () => {
    const key = await addKey();
    const token = await signToken(key);
    expect((await verifyOn(internal, token)).json.valid).toBe(true);
    // A request whose body is still coming when the signal arrives.
    const body = JSON.stringify({ project: projectId, token });
    const socket = net.connect(Number(new URL(internal).port), "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    const answered = new Promise((resolve) => socket.once("end", resolve));
    socket.write(
      `POST /api/internal/verify HTTP/1.1\r\nHost: signet\r\nX-Gateway-Key: ${GATEWAY_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.write(body.slice(10));
    await answered;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(answer).toContain('"valid":true');
    validVerdicts += 1;

    expect(await server.exited).toBe(0);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ total: string | null }>(
        `SELECT sum("count")::text AS total FROM "UsageCounter" WHERE "projectId" = $1 AND "result" = 'valid'`,
        [projectId],
      );
      expect(Number(rows[0]?.total ?? 0)).toBe(validVerdicts);
    } finally {
      await client.end();
    }
    await expect(fetch(`${internal}/healthz`)).rejects.toThrow();
  });
});

describe.skipIf(!build.usable)("INTERNAL_PORT and X-Forwarded-For (the built server: node scripts/server.mjs)", () => {
  let database: { url: string; stop(): Promise<void> };
  let server: BuiltServer;
  let internalPort: number;
  beforeAll(async () => {
    database = await startEmbeddedDatabase({});
    await applyMigrations(database.url);
    internalPort = await freePort();
    // TRUST_PROXY=1 describes a proxy in front of PORT; gateways reach INTERNAL_PORT directly.
    server = await startBuiltServer({ ...BASE_ENV, DATABASE_URL: database.url, INTERNAL_PORT: String(internalPort), TRUST_PROXY: "1", GATEWAY_RATE_LIMIT: "3" });
  }, 60_000);
  afterAll(async () => {
    server?.kill();
    await database?.stop();
  });

  const wrongKey = (port: number, forwardedFor: string) =>
    fetch(`http://127.0.0.1:${port}/api/internal/verify`, {
      method: "POST",
      headers: { "x-gateway-key": "wrong", "x-forwarded-for": forwardedFor },
      body: JSON.stringify({ project: randomUUID(), token: "a.b.c" }),
    }).then((response) => response.status);

  it("counts wrong gateway keys on INTERNAL_PORT by TCP peer, whatever X-Forwarded-For says", async () => {
    // On PORT, the proxy TRUST_PROXY describes sets X-Forwarded-For: each address has its own count.
    for (let i = 0; i < 5; i++) expect(await wrongKey(server.port, `203.0.113.${i}`)).toBe(401);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await wrongKey(internalPort, `198.51.100.${i}`));
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe.skipIf(!build.usable)("INTERNAL_PORT settings (the built server: node scripts/server.mjs)", () => {
  let database: { url: string; stop(): Promise<void> };
  beforeAll(async () => {
    database = await startEmbeddedDatabase({});
    await applyMigrations(database.url);
  }, 60_000);
  afterAll(async () => {
    await database?.stop();
  });

  it("refuses to start with an INTERNAL_PORT that is not a port, or is PORT itself (every value: scripts/internal-api-thread.test.ts)", async () => {
    await expect(startBuiltServer({ ...BASE_ENV, DATABASE_URL: database.url, INTERNAL_PORT: "70000" })).rejects.toThrow(/INTERNAL_PORT must be a TCP port number/);
    const port = await freePort();
    await expect(startBuiltServer({ ...BASE_ENV, DATABASE_URL: database.url, PORT: String(port), INTERNAL_PORT: String(port) })).rejects.toThrow(
      /INTERNAL_PORT must differ from PORT/,
    );
  });

  it("exits with a clear message when INTERNAL_PORT is taken", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      await expect(startBuiltServer({ ...BASE_ENV, DATABASE_URL: database.url, INTERNAL_PORT: String(port) })).rejects.toThrow(
        new RegExp(`could not serve the verification API on INTERNAL_PORT ${port}`),
      );
    } finally {
      taken.close();
    }
  });
});
