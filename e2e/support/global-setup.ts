import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createTestDatabase } from "../../tests/support/test-database";
import { E2E_PORT } from "../../playwright.config";
import { assertLocalDatabase } from "./assert-local-database";

export const E2E_GATEWAY_KEY = "e2e-gateway-key";

async function waitForHealthy(url: string, server: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the app exited with code ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not become healthy at ${url}`);
}

/** Builds the app (unless E2E_SKIP_BUILD=1), starts it on a fresh database, and returns the teardown. */
export default async function globalSetup() {
  const configured = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (configured) assertLocalDatabase(configured);
  const database = await createTestDatabase("e2e");
  assertLocalDatabase(database.url);
  // For specs that seed history directly (the screenshots spec).
  process.env.E2E_DATABASE_URL = database.url;

  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: database.url,
    AUTH_SECRET: "e2e-auth-secret-e2e-auth-secret-e2e-auth-secret",
    GATEWAY_KEYS: E2E_GATEWAY_KEY,
    SIGNUP_RATE_LIMIT: "100000",
    LOG_LEVEL: "warn",
  };
  if (process.env.E2E_SKIP_BUILD !== "1") {
    const build = spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit", env });
    if (build.status !== 0) throw new Error("next build failed");
  }
  // The real server: Next plus the lean verification path (scripts/server.mjs).
  const server = spawn(process.execPath, ["scripts/server.mjs"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...env, PORT: String(E2E_PORT), HOSTNAME_BIND: "127.0.0.1" },
  });
  try {
    await waitForHealthy(`http://127.0.0.1:${E2E_PORT}/healthz`, server);
  } catch (error) {
    server.kill("SIGKILL");
    await database.drop();
    throw error;
  }

  return async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        server.kill("SIGKILL");
        resolve(null);
      }, 5_000);
      server.once("exit", () => {
        clearTimeout(timer);
        resolve(null);
      });
    });
    await database.drop();
  };
}
