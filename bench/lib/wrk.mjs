// The load generator of the closed-loop rows when Debian's wrk is installed: a C event
// loop with LuaJIT, in a process of its own. autocannon, inside the bench process, took
// about a core at 15–25k requests/s and capped the cheapest rows (the floor, a repeated
// token, HAProxy) below what the servers could do. Every answer is still checked, in Lua
// (bench/lib/wrk-script.lua), against the same `expect` as answerCheck's.
import { spawn, spawnSync } from "node:child_process";
import { openSync, readFileSync, writeFileSync, closeSync, writeSync } from "node:fs";
import path from "node:path";

const SCRIPT = readFileSync(new URL("./wrk-script.lua", import.meta.url), "utf8");

/** wrk's version line ("wrk debian/4.1.0-3+b2 [epoll] ..."), or null when there is no wrk. */
export function detectWrk() {
  const probe = spawnSync("wrk", ["-v"], { encoding: "utf8" });
  if (probe.error) return null;
  const line = `${probe.stdout}${probe.stderr}`.split("\n")[0].trim();
  return /^wrk /.test(line) ? line.replace(/\s*Copyright.*$/, "") : null;
}

/** A value as a Lua literal (strings, numbers, booleans, arrays and plain objects). */
export function toLua(value) {
  if (value === null || value === undefined) return "nil";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") {
    return `"${value.replace(/[\\"\x00-\x1f\x7f-\uffff]/g, (c) => {
      const code = c.charCodeAt(0);
      // What the scenarios send is ASCII; anything else would need its UTF-8 bytes.
      if (code > 0x7f) throw new Error("toLua: only ASCII strings");
      return `\\${String(code).padStart(3, "0")}`;
    })}"`;
  }
  if (Array.isArray(value)) return `{${value.map(toLua).join(", ")}}`;
  return `{${Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `[${toLua(k)}] = ${toLua(v)}`)
    .join(", ")}}`;
}

/**
 * What wrk checks on every answer, from a scenario's `expect`: the status, the body parts,
 * a header (name in lower case), and the spot-checked JSON fields as `"field":value` parts
 * (every answer, not one in 997: a substring costs Lua nothing).
 */
export function wrkExpect(expect) {
  const includes = [...(expect.bodyIncludes ?? [])];
  for (const [field, value] of Object.entries(expect.json ?? {})) includes.push(`${JSON.stringify(field)}:${JSON.stringify(value)}`);
  return { status: expect.status, includes, header: expect.header ? [expect.header[0].toLowerCase(), expect.header[1]] : undefined };
}

const recordFiles = new WeakMap();
let recordFileCount = 0;

/**
 * The pool's tokens as a file of fixed-width records (written once per pool), so that wrk
 * can start at any stream's cursor with one seek.
 */
function recordFile(pool, dir) {
  let file = recordFiles.get(pool);
  if (file) return file;
  const record = pool.longest + 1;
  const name = path.join(dir, `tokens-${++recordFileCount}-${pool.alg}.txt`);
  const fd = openSync(name, "w");
  try {
    const CHUNK = 4096;
    for (let start = 0; start < pool.size; start += CHUNK) {
      let text = "";
      for (let index = start; index < Math.min(start + CHUNK, pool.size); index++) text += `${pool.token(index).padEnd(record - 1)}\n`;
      writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
  file = { file: name, record, count: pool.size };
  recordFiles.set(pool, file);
  return file;
}

/** The generated script for one run: `cfg` as Lua, then the fixed script. */
function script(scenario, dir) {
  const source = scenario.wrk?.tokens;
  let tokens;
  if (source) {
    const stream = source.stream;
    tokens = { ...recordFile(stream.pool, dir), offset: stream.cursor % stream.pool.size, prefix: source.prefix, suffix: source.suffix ?? "", header: source.header };
  } else if (scenario.nextBody || scenario.nextHeaders) {
    throw new Error(`wrk: scenario ${scenario.path} varies its requests without a token stream`);
  }
  const cfg = {
    method: scenario.method ?? "GET",
    path: scenario.path,
    headers: scenario.headers ?? {},
    body: scenario.body,
    tokens,
    expect: wrkExpect(scenario.expect),
  };
  return `cfg = ${toLua(cfg)}\n${SCRIPT}`;
}

/** The children's user + system CPU in bash's `times` output (its second line), in ms. */
export function childCpuMs(timesOutput) {
  const lines = timesOutput.trim().split("\n");
  const match = /^(\d+)m(\d+)[.,](\d+)s (\d+)m(\d+)[.,](\d+)s$/.exec(lines.at(-1)?.trim() ?? "");
  if (!match) return null;
  const seconds = (minutes, whole, fraction) => Number(minutes) * 60 + Number(`${whole}.${fraction}`);
  return (seconds(match[1], match[2], match[3]) + seconds(match[4], match[5], match[6])) * 1000;
}

/**
 * One wrk run (1 thread, `connections` connections, whole seconds: wrk's -d takes no
 * fractions), on the CPUs `cpus` when given (taskset's list form). Resolves with the
 * Recorder.summary() shape plus `clientCores` (wrk's CPU). A distinct-token stream
 * advances by the requests wrk sent.
 */
export function wrkRun(scenario, { connections, seconds, dir, cpus }) {
  const runSeconds = Math.max(1, Math.round(seconds));
  const scriptFile = path.join(dir, "wrk-run.lua");
  writeFileSync(scriptFile, script(scenario, dir));
  const args = ["-t1", `-c${connections}`, `-d${runSeconds}s`, "--timeout", "10s", "-s", scriptFile, `${scenario.url}${scenario.path}`];
  // bash's `times` reports the CPU wrk used, once it has exited.
  const command = ["bash", "-c", 'wrk "$@"; code=$?; times; exit $code', "bash", ...args];
  if (cpus !== undefined) command.unshift("taskset", "--cpu-list", cpus);
  const child = spawn(command[0], command.slice(1), { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = stdout.split("\n").find((candidate) => candidate.startsWith("WRK_RESULT "));
      const stream = scenario.wrk?.tokens?.stream;
      if (code !== 0 || !line) {
        // How far it got is unknown: move the stream on by more than any run sends, so that
        // no later run resends a token this one may have sent (a wrap then says so).
        stream?.advance(Math.min(stream.pool.size, runSeconds * 200_000));
        return reject(new Error(`wrk failed (exit ${code}): ${(stderr || stdout).trim().slice(0, 500)}`));
      }
      const result = JSON.parse(line.slice("WRK_RESULT ".length));
      if (stream) stream.advance(result.sent);
      // wrk never times out a request that gets no answer, and reopens a connection the
      // server closed without counting it: requests sent and never answered count as
      // errors here. At the end up to one per connection is still in flight, and
      // request() ran once more before the run, for wrk to check what it returns.
      const unanswered = Math.max(0, result.sent - 1 - result.requests - connections - result.socketErrors);
      const wallSeconds = result.durationUs / 1e6;
      const cpuMs = childCpuMs(stdout.slice(stdout.indexOf(line) + line.length));
      resolve({
        requests: result.requests,
        rps: result.requests / wallSeconds,
        p50: result.p50Us / 1000,
        p99: result.p99Us / 1000,
        non2xx: result.badStatus,
        wrong: result.badAnswer,
        errors: result.socketErrors + result.timeouts + unanswered,
        firstWrong: result.firstWrong || null,
        seconds: wallSeconds,
        // null: not known (not "the bench process's own", which withCpu would put there).
        clientCores: cpuMs === null ? null : cpuMs / (wallSeconds * 1000),
      });
    });
  });
}
