// Signet under test: its database (configured, a fresh one on the local PostgreSQL, or
// the embedded one), the production build, `node scripts/start.mjs`, and seeding a
// user, a project and keys through the management API (VERIFY-API.md §1).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { databaseReachable as reachable } from "../../scripts/database-reachable.mjs";
import { onCleanup } from "./cleanup.mjs";
import { descendants, pidListeningOn, startProcess, stopProcess, tail, waitForHttp } from "./proc.mjs";

export const ROOT = path.resolve(new URL("../..", import.meta.url).pathname);
const LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres";
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);


/**
 * BENCH_DATABASE_URL / DATABASE_URL when set (kept; what the bench adds is deleted at the
 * end), else a fresh database on the local PostgreSQL (dropped at the end), else null:
 * Signet then starts its embedded database (also forced by `embedded`).
 */
export async function prepareDatabase(log, { embedded = false } = {}) {
  if (embedded) return { url: null, kind: "embedded" };
  const configured = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (configured) {
    const host = new URL(configured).hostname;
    if (!LOCAL_HOSTS.has(host)) throw new Error(`the bench only loads databases on this machine, not ${host}`);
    return { url: configured, kind: "configured" };
  }
  if (!(await reachable(LOCAL_SERVER))) return { url: null, kind: "embedded" };
  const name = `signet_bench_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: LOCAL_SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  onCleanup("drop the bench database", async () => {
    const client = new pg.Client({ connectionString: LOCAL_SERVER });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  });
  log(`database: fresh ${name} on the local PostgreSQL (dropped at the end)`);
  const url = new URL(LOCAL_SERVER);
  url.pathname = `/${name}`;
  return { url: url.toString(), kind: "local" };
}

/** `next build` when there is no production build, or always when `force`. */
export function buildIfNeeded({ force, log }) {
  if (!force && existsSync(path.join(ROOT, ".next/BUILD_ID"))) return false;
  log(force ? "building (--build)..." : "no production build (.next/BUILD_ID): building...");
  const build = spawnSync(path.join(ROOT, "node_modules/.bin/next"), ["build"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (build.status !== 0) throw new Error("next build failed");
  return true;
}

/**
 * Starts `node scripts/start.mjs` (migrations, then `next start`) and waits for /healthz.
 * Returns {url, verifyUrl, pid (the process holding the port: the one serving requests), stop}.
 * `internalPort`: also serve the verification API there (INTERNAL_PORT, a thread without
 * Next.js); verifyUrl is that listener's address, else the same as url.
 * `cpus` (taskset's list form): start it, and so everything it starts, on those CPUs only.
 * `node`: the Node.js binary to run it with (start.mjs starts the server with the same one).
 */
export async function startSignet({ port, internalPort, databaseUrl, embeddedDbPort, dataDir, gatewayKey, logFile, env = {}, cpus, node = process.execPath }) {
  const childEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    GATEWAY_KEYS: gatewayKey,
    SIGNET_DATA_DIR: dataDir,
    SIGNUP_RATE_LIMIT: "100000",
    LOGIN_RATE_LIMIT: "100000",
    // The floor row sends a wrong X-Gateway-Key on purpose: no per-address limit on that.
    GATEWAY_RATE_LIMIT: "0",
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    ...env,
  };
  delete childEnv.DATABASE_URL;
  delete childEnv.INTERNAL_PORT;
  if (internalPort) childEnv.INTERNAL_PORT = String(internalPort);
  if (databaseUrl) childEnv.DATABASE_URL = databaseUrl;
  else childEnv.SIGNET_EMBEDDED_DB_PORT = String(embeddedDbPort);
  const child = startProcess(node, [path.join(ROOT, "scripts/start.mjs")], { cwd: ROOT, env: childEnv, logFile, cpus });
  const stop = onCleanup("stop Signet", () => stopProcess(child, { graceMs: 8_000 }));
  const url = `http://127.0.0.1:${port}`;
  const verifyUrl = internalPort ? `http://127.0.0.1:${internalPort}` : url;
  try {
    await waitForHttp(`${url}/healthz`, { child, timeoutMs: 180_000 });
    if (internalPort) await waitForHttp(`${verifyUrl}/healthz`, { child, timeoutMs: 10_000 });
  } catch (error) {
    await stop();
    throw new Error(`Signet did not start: ${error.message}\n--- ${logFile} (tail) ---\n${tail(logFile)}`);
  }
  const pid = pidListeningOn(port, descendants(child.pid)) ?? child.pid;
  return { url, verifyUrl, pid, child, stop };
}

async function api(base, method, route, body, bearer) {
  const headers = { "content-type": "application/json" };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(`${base}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) {
    let code = "";
    try {
      code = JSON.parse(text)?.error?.code ?? "";
    } catch {
      // not JSON
    }
    throw new Error(`${method} ${route} answered ${response.status} ${code}`.trim());
  }
  return text ? JSON.parse(text) : null;
}

/** A bench user (signup + login), ready to create projects and keys. */
export async function benchUser(base) {
  const email = `bench-${Date.now()}-${randomBytes(3).toString("hex")}@bench.invalid`;
  const password = randomBytes(18).toString("base64url");
  const { user } = await api(base, "POST", "/api/v1/signup", { email, password, name: "bench" });
  const { token } = await api(base, "POST", "/api/v1/login", { email, password });
  return {
    id: user.id,
    email,
    createProject: async (name) => (await api(base, "POST", "/api/v1/projects", { name }, token)).id,
    addKey: async (projectId, publicKey, name) =>
      (await api(base, "POST", `/api/v1/projects/${projectId}/keys`, { publicKey, name }, token)).kid,
  };
}
