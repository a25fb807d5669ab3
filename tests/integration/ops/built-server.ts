// Starts the real server (`node scripts/server.mjs`) on the production build in .next, the
// way e2e/support/global-setup.ts does, for tests that need the whole process: signals,
// the lean path, Next. `next build` takes minutes on two cores, so these tests use the build
// that is there and are skipped when there is none or it is older than the sources (a stale
// build would test old code). `npm test` runs them after its e2e step has built; set
// SIGNET_REQUIRE_BUILD=1 to make a missing or stale build a failure instead of a skip.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../gateway/nginx";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const BUILD_ID = path.join(ROOT, ".next/BUILD_ID");
const BUNDLED_SOURCES = ["app", "lib", "components", "instrumentation.ts", "proxy.ts", "next.config.mjs"];

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestChange(path.join(entry, child)));
  return newest;
}

/** "fresh" when .next holds a build newer than every bundled source file. */
export function builtServerState(): { usable: boolean; reason: string } {
  let reason: string;
  if (!existsSync(BUILD_ID)) {
    reason = `no production build (${BUILD_ID})`;
  } else {
    const built = statSync(BUILD_ID).mtimeMs;
    const changed = Math.max(...BUNDLED_SOURCES.map((entry) => newestChange(path.join(ROOT, entry))));
    if (changed <= built) return { usable: true, reason: "fresh build" };
    reason = "the production build is older than the sources";
  }
  if (process.env.SIGNET_REQUIRE_BUILD === "1") throw new Error(`SIGNET_REQUIRE_BUILD=1 but ${reason}: run next build first`);
  return { usable: false, reason };
}

export interface BuiltServer {
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  kill(): void;
}

export async function startBuiltServer(env: Record<string, string>): Promise<BuiltServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["scripts/server.mjs"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOSTNAME_BIND: "127.0.0.1",
      PORT: String(port),
      ...env,
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  const server: BuiltServer = { port, child, output: () => output, exited, kill: () => child.kill("SIGKILL") };

  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server.kill();
  throw new Error(`the server did not become healthy on port ${port}:\n${output}`);
}
