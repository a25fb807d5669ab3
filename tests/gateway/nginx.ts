// Runs a real nginx in front of a test forward-auth server: renders signet-auth.conf
// (the configuration docs/gateways.md shows) into a temporary prefix and starts nginx in
// the foreground, so the test can stop it by its pid.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const NGINX_BINARY = "/usr/sbin/nginx";

export function nginxAvailable(): boolean {
  return existsSync(NGINX_BINARY);
}

/** `{{NAME}}` → values[NAME]; a placeholder without a value is an error, not an empty string. */
export function renderTemplate(file: string, values: Record<string, string | number>): string {
  const text = readFileSync(path.join(HERE, file), "utf8");
  return text.replace(/\{\{([A-Z_]+)\}\}/g, (_match, name: string) => {
    if (!(name in values)) throw new Error(`${file}: no value for {{${name}}}`);
    return String(values[name]);
  });
}

/** A port that was free a moment ago (nginx needs a number in its configuration). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningNginx {
  port: number;
  prefix: string;
  errorLog(): string;
  stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, prefix: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const log = existsSync(path.join(prefix, "error.log")) ? readFileSync(path.join(prefix, "error.log"), "utf8") : "";
  throw new Error(`nginx did not start listening on ${port} (exit code ${child.exitCode}): ${log}`);
}

export interface NginxOptions {
  signetPort: number;
  appPort: number;
  projectId: string;
  gatewayKey: string;
  /** Add signet-jsonrpc-401.conf: JSON-RPC error bodies on 401. */
  jsonRpcErrors?: boolean;
}

export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const prefix = mkdtempSync(path.join(os.tmpdir(), "signet-nginx-"));
  for (const dir of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi", "conf.d"]) mkdirSync(path.join(prefix, dir));
  const port = await freePort();
  writeFileSync(
    path.join(prefix, "conf.d/signet-auth.conf"),
    renderTemplate("signet-auth.conf.template", { PROJECT_ID: options.projectId, GATEWAY_KEY: options.gatewayKey }),
    { mode: 0o600 },
  );
  if (options.jsonRpcErrors) {
    writeFileSync(path.join(prefix, "conf.d/signet-jsonrpc-401.conf"), renderTemplate("signet-jsonrpc-401.conf.template", {}));
  }
  writeFileSync(
    path.join(prefix, "nginx.conf"),
    renderTemplate("nginx-test.conf.template", { PREFIX: prefix, SIGNET_PORT: options.signetPort, APP_PORT: options.appPort, LISTEN_PORT: port }),
  );
  const child = spawn(NGINX_BINARY, ["-p", prefix, "-c", path.join(prefix, "nginx.conf"), "-e", path.join(prefix, "error.log")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForPort(port, child, prefix, 5_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }

  return {
    port,
    prefix,
    errorLog: () => readFileSync(path.join(prefix, "error.log"), "utf8"),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill("SIGQUIT"); // graceful; SIGKILL after 2 s
        const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
