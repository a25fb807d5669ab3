// `npm start`: make sure there is a database (embedded when DATABASE_URL is
// unset), apply pending migrations, build when there is no production build,
// then serve on PORT (default 3000). `npm run dev` does the same for `next dev`.
import { fork, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations } from "./migrate.mjs";
import { backgroundNice, lowerOtherThreads } from "./thread-priority.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const dev = process.argv.includes("--dev");
const dataDir = path.resolve(root, process.env.SIGNET_DATA_DIR ?? ".signet-data");
const log = (message) => console.log(JSON.stringify({ level: "info", time: new Date().toISOString(), msg: message }));
const fail = (message) => {
  console.error(JSON.stringify({ level: "fatal", time: new Date().toISOString(), msg: message }));
  process.exit(1);
};

process.env.NEXT_TELEMETRY_DISABLED = "1";
const children = [];

async function startEmbeddedDatabase() {
  const child = fork(path.join(root, "scripts/embedded-db-server.mjs"), [], {
    env: { ...process.env, SIGNET_EMBEDDED_DATA_DIR: path.join(dataDir, "pgdata") },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("message", (message) => resolve(message.url));
    child.once("exit", (code) => reject(new Error(`embedded database exited with code ${code}`)));
  });
}

/** A secret kept in the data folder, made on first use (development / embedded mode only). */
function localSecret(name) {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url") + "\n", { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

const embedded = !process.env.DATABASE_URL;
if (embedded) {
  log(`DATABASE_URL is not set: starting the embedded database in ${path.join(dataDir, "pgdata")}`);
  try {
    process.env.DATABASE_URL = await startEmbeddedDatabase();
  } catch (error) {
    fail(`could not start the embedded database: ${error.message}`);
  }
}

if (!process.env.AUTH_SECRET) {
  if (!embedded && !dev) {
    fail("AUTH_SECRET is not set. Set it to a long random string (e.g. `openssl rand -base64 32`).");
  }
  process.env.AUTH_SECRET = localSecret("auth-secret");
  log(`AUTH_SECRET is not set: using the development secret kept in ${path.join(dataDir, "auth-secret")}`);
}
if (!process.env.GATEWAY_KEYS && (embedded || dev)) {
  process.env.GATEWAY_KEYS = localSecret("gateway-key");
  log(`GATEWAY_KEYS is not set: gateways can use the development key kept in ${path.join(dataDir, "gateway-key")}`);
}

if (process.env.SKIP_MIGRATIONS === "1") {
  log("SKIP_MIGRATIONS=1: not applying migrations");
} else {
  try {
    const applied = await applyMigrations(process.env.DATABASE_URL, { log });
    log(applied.length ? `${applied.length} migration(s) applied` : "database schema is up to date");
  } catch (error) {
    fail(`migrations failed: ${error.message}`);
  }
}

const nextBin = path.join(root, "node_modules/.bin/next");
if (!dev && !existsSync(path.join(root, ".next/BUILD_ID"))) {
  log("no production build found: running next build");
  const build = spawnSync(nextBin, ["build"], { cwd: root, stdio: "inherit", env: process.env });
  if (build.status !== 0) fail("next build failed");
}

const port = process.env.PORT ?? "3000";
const server = spawn(process.execPath, [path.join(root, "scripts/server.mjs"), ...(dev ? ["--dev"] : [])], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PORT: port, NODE_ENV: dev ? "development" : "production" },
});
children.push(server);
log(`Signet is starting on http://localhost:${port}`);
lowerLauncherPriority();

/**
 * With INTERNAL_PORT, this process, which only waits for signals from now on, also gives way
 * to the verification thread: its own garbage collection after the migrations once
 * stalled that thread for 8-15 ms on a one-CPU server. After the spawns, so that the
 * server and the embedded database keep their priority.
 */
function lowerLauncherPriority() {
  if (dev || !process.env.INTERNAL_PORT?.trim()) return;
  try {
    const nice = backgroundNice(process.env);
    if (nice > 0) lowerOtherThreads({ keep: [], increment: nice });
  } catch {
    // A bad setting is the server's to report; a refused renice only leaves the launcher as it was.
  }
}

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  server.kill(signal);
  server.once("exit", () => {
    for (const child of children) if (child !== server) child.kill("SIGTERM");
    setTimeout(() => process.exit(0), 200);
  });
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
server.on("exit", (code) => {
  if (!stopping) {
    for (const child of children) child.kill("SIGTERM");
    process.exit(code ?? 1);
  }
});
