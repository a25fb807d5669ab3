// The load generator: autocannon's programmatic API with fixed connections and
// pipelining 1, a warm-up run then a measured run per scenario, request bodies (or
// headers) rotated per request, and EVERY answer checked. Latencies are taken from
// autocannon's per-response timings (float ms): its own histogram rounds to whole ms.
//
// runPaced() is an open-loop generator at a constant rate (for "p99 at half the max
// rate"): autocannon's overallRate lets each connection send its per-second quota
// back to back and then idle, so the server still sees full-concurrency bursts.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import autocannon from "autocannon";

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;

/** CPU time (user + system, all threads) a process has used so far, in ms; null when unreadable. */
export function processCpuMs(pid) {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Runs `fn` and adds the server's and the load generator's CPU use to its stats. */
async function withCpu(pid, fn) {
  const server0 = processCpuMs(pid);
  const client0 = process.cpuUsage();
  const stats = await fn();
  const server1 = processCpuMs(pid);
  const client = process.cpuUsage(client0);
  const wallMs = stats.seconds * 1000;
  if (server0 !== null && server1 !== null && stats.requests > 0) {
    stats.serverCpuUsPerReq = ((server1 - server0) * 1000) / stats.requests;
    stats.serverCores = (server1 - server0) / wallMs;
  }
  stats.clientCores = (client.user + client.system) / 1000 / wallMs;
  return stats;
}

class Recorder {
  constructor() {
    this.latencies = new Float64Array(1 << 16);
    this.count = 0;
    this.non2xx = 0;
    this.wrong = 0;
    this.errors = 0;
    this.firstWrong = null;
  }
  latency(ms) {
    if (this.count === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.count++] = ms;
  }
  /** Counts a wrong answer: an unexpected non-2xx status, or a 2xx that failed the check. */
  answer(ok, status, detail) {
    if (ok) return;
    if (status < 200 || status > 299) this.non2xx += 1;
    else this.wrong += 1;
    this.firstWrong ??= `${status} ${String(detail ?? "").slice(0, 200)}`;
  }
  percentile(p) {
    if (this.count === 0) return null;
    const sorted = this.latencies.slice(0, this.count).sort();
    return sorted[Math.min(this.count - 1, Math.ceil((p / 100) * this.count) - 1)];
  }
}

/**
 * One autocannon run. `scenario`: {url, method, path, headers, body?, nextBody?(),
 * nextHeaders?(), check(status, body, headers) → boolean}.
 */
function autocannonRun(scenario, { connections, seconds, overallRate }) {
  const recorder = new Recorder();
  const request = {
    method: scenario.method ?? "GET",
    path: scenario.path,
    headers: scenario.headers ?? {},
    body: scenario.body,
    setupRequest: (req) => {
      if (scenario.nextBody) req.body = scenario.nextBody();
      if (scenario.nextHeaders) req.headers = { ...req.headers, ...scenario.nextHeaders() };
      return req;
    },
    onResponse: (status, body, _context, headers) => recorder.answer(scenario.check(status, body, headers), status, body),
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: scenario.url,
        connections,
        pipelining: 1,
        duration: seconds,
        timeout: 10,
        overallRate: overallRate || undefined,
        requests: [request],
      },
      (error, result) => {
        if (error) return reject(error);
        const elapsed = (performance.now() - started) / 1000;
        resolve({
          requests: recorder.count,
          rps: recorder.count / elapsed,
          p50: recorder.percentile(50),
          p99: recorder.percentile(99),
          non2xx: recorder.non2xx,
          wrong: recorder.wrong,
          errors: result.errors + result.timeouts,
          firstWrong: recorder.firstWrong,
          seconds: elapsed,
        });
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => recorder.latency(responseTime));
  });
}

/**
 * Warm-up (its wrong answers still count) then the measured run. `serverPid`: the process
 * whose CPU time per request is reported (robust on a shared machine, unlike req/s).
 */
export async function runScenario(scenario, { connections, warmupSeconds, seconds, overallRate, serverPid }) {
  const warm = warmupSeconds > 0 ? await autocannonRun(scenario, { connections, seconds: warmupSeconds, overallRate }) : null;
  const measured = await withCpu(serverPid, () => autocannonRun(scenario, { connections, seconds, overallRate }));
  if (warm) {
    measured.warmupBad = warm.non2xx + warm.wrong + warm.errors;
    measured.firstWrong ??= warm.firstWrong;
  }
  return measured;
}

/**
 * A few sequential requests before any load: loads the route's modules (Next compiles
 * them on first use) and fails fast, with the answer, when the very first ones are wrong.
 */
export async function prime(scenario, count = 20) {
  for (let i = 0; i < count; i++) {
    const headers = { ...scenario.headers, ...(scenario.nextHeaders?.() ?? {}) };
    const body = scenario.nextBody ? scenario.nextBody() : scenario.body;
    const response = await fetch(`${scenario.url}${scenario.path}`, { method: scenario.method ?? "GET", headers, body });
    const text = await response.text();
    if (!scenario.check(response.status, text, Object.fromEntries(response.headers))) {
      throw new Error(`${scenario.method ?? "GET"} ${scenario.path} answered ${response.status} ${text.slice(0, 300)}`);
    }
  }
}

/** Open loop at `rate` req/s for `seconds`: latency is counted from each request's scheduled time. */
export async function runPaced(scenario, { rate, seconds, connections, serverPid }) {
  // The generator's own stalls show up in every latency it reports: measure them too.
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const stats = await withCpu(serverPid, () => pacedRun(scenario, { rate, seconds, connections }));
  delay.disable();
  stats.generatorDelayP99 = delay.percentile(99) / 1e6;
  return stats;
}

function pacedRun(scenario, { rate, seconds, connections }) {
  const recorder = new Recorder();
  const target = new URL(scenario.url);
  // FIFO keeps every socket in use; idle ones close before the server's keep-alive timeout
  // (Next: 5 s), so a request never races a server-side close.
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, scheduling: "fifo", timeout: 4_000 });
  const total = Math.floor(rate * seconds);
  let sent = 0;
  let done = 0;
  let skipped = 0;
  return new Promise((resolve) => {
    const start = performance.now();
    const finish = () => {
      clearInterval(timer);
      agent.destroy();
      const elapsed = (performance.now() - start) / 1000;
      resolve({
        requests: recorder.count,
        rps: recorder.count / elapsed,
        p50: recorder.percentile(50),
        p99: recorder.percentile(99),
        non2xx: recorder.non2xx,
        wrong: recorder.wrong,
        errors: recorder.errors,
        notSent: skipped,
        firstWrong: recorder.firstWrong,
        seconds: elapsed,
      });
    };
    const settle = () => {
      done += 1;
      if (done === total) finish();
    };
    const fire = (scheduledAt) => {
      const body = scenario.nextBody ? scenario.nextBody() : scenario.body;
      const headers = { ...scenario.headers, ...(scenario.nextHeaders?.() ?? {}) };
      if (body !== undefined) headers["content-length"] = Buffer.byteLength(body);
      const req = http.request(
        { agent, host: target.hostname, port: target.port, method: scenario.method ?? "GET", path: scenario.path, headers, timeout: 10_000 },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () => {
            recorder.latency(performance.now() - scheduledAt);
            recorder.answer(scenario.check(res.statusCode, text, res.headers), res.statusCode, text);
            settle();
          });
        },
      );
      req.on("error", (error) => {
        recorder.errors += 1;
        recorder.firstWrong ??= `socket error ${error.code ?? error.message}`;
        settle();
      });
      req.end(body);
    };
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) / 1000) * rate));
      while (sent < due) {
        const scheduledAt = start + (sent * 1000) / rate;
        sent += 1;
        // The generator itself fell behind by more than a second: do not pile up.
        if (sent - done > rate) {
          skipped += 1;
          settle();
          continue;
        }
        fire(scheduledAt);
      }
    }, 1);
  });
}
