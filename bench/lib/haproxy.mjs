// The peer: HAProxy (≥ 2.5 has jwt_verify) verifying the same tokens from
// `Authorization: Bearer`. The bench never installs it; when it is missing the table says so.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { startProcess, stopProcess, tail, waitForHttp } from "./proc.mjs";

export const NOT_INSTALLED = "HAProxy: not installed (apt-get install haproxy)";

/** {version} when a usable haproxy is on PATH, else {missing: reason}. */
export function detectHaproxy() {
  const probe = spawnSync("haproxy", ["-v"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return { missing: NOT_INSTALLED };
  const match = /version (\d+)\.(\d+)(\S*)/i.exec(probe.stdout);
  if (!match) return { missing: "HAProxy: unknown version" };
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < 2 || (major === 2 && minor < 5)) return { missing: `HAProxy ${match[0].slice(8)}: too old for jwt_verify (needs ≥ 2.5)` };
  return { version: `${major}.${minor}${match[3]}` };
}

export function haproxyConfig({ port, threads, keys }) {
  const ok = `http-request return status 200 content-type application/json string '{"valid":true}'`;
  const verifyLines = keys.map(
    ({ alg, pemPath }) => `  ${ok} if { var(txn.alg) -m str ${alg} } { var(txn.bearer),jwt_verify(txn.alg,"${pemPath}") 1 }`,
  );
  return `# Written by bench/lib/haproxy.mjs for one bench run.
global
  nbthread ${threads}
  maxconn 4096

defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive

frontend jwt_verify
  bind 127.0.0.1:${port}
  http-request return status 200 content-type application/json string '{"status":"ok"}' if { path /healthz }
  http-request set-var(txn.bearer) http_auth_bearer
  http-request set-var(txn.alg) var(txn.bearer),jwt_header_query('$.alg')
${verifyLines.join("\n")}
  http-request return status 401 content-type application/json string '{"valid":false}'
`;
}

/** Writes the config into `dir`, checks it, starts haproxy in the foreground; returns {url, stop}. */
export async function startHaproxy({ dir, port, threads = 1, keys }) {
  const configPath = path.join(dir, "haproxy.cfg");
  const logFile = path.join(dir, "haproxy.log");
  writeFileSync(configPath, haproxyConfig({ port, threads, keys }));
  const check = spawnSync("haproxy", ["-c", "-q", "-f", configPath], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`haproxy rejected the config:\n${check.stderr || check.stdout}`);
  const child = startProcess("haproxy", ["-db", "-f", configPath], { logFile });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, { child, timeoutMs: 15_000 });
  } catch (error) {
    await stopProcess(child);
    throw new Error(`${error.message}\n${tail(logFile)}`);
  }
  return { url, pid: child.pid, stop: () => stopProcess(child, { graceMs: 3_000 }) };
}
