// The load generator of the closed-loop rows: wrk (bench/lib/wrk.mjs) when installed,
// else autocannon's programmatic API; fixed connections and pipelining 1, a warm-up run
// then a measured run per scenario, request bodies (or headers) rotated per request, and
// EVERY answer checked. autocannon's latencies are taken from its per-response timings
// (float ms): its own histogram rounds to whole ms.
//
// runPaced() is an open-loop generator at a constant rate (for "p99 at half the max
// rate"): autocannon's overallRate lets each connection send its per-second quota
// back to back and then idle, so the server still sees full-concurrency bursts.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { busiestThread, cpuTimesMs, pinProcess, processCpuMs, runQueueWaitMs, whilePinned } from "./proc.mjs";
import { Recorder } from "./recorder.mjs";
import { wrkRun } from "./wrk.mjs";

const generator = { wrkDir: null, serverCpu: undefined, generatorCpu: undefined };

/**
 * The closed-loop rows' generator for this run: wrk (its scripts and token files in
 * `wrkDir`) or, with `wrkDir` null, autocannon inside this process. With wrk and
 * `serverCpu`/`generatorCpu` (taskset's list form), each measured run pins the server
 * (every thread) to `serverCpu` and runs wrk on `generatorCpu`: one core per server, as
 * the paced rows do, and a generator that never takes the server's core.
 */
export function configureGenerator({ wrkDir, serverCpu, generatorCpu }) {
  Object.assign(generator, { wrkDir, serverCpu, generatorCpu });
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
  // A generator in another process reports its own (null: not meaningful).
  if (stats.clientCores === undefined) stats.clientCores = (client.user + client.system) / 1000 / wallMs;
  return stats;
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
        resolve(recorder.summary((performance.now() - started) / 1000, result.errors + result.timeouts));
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
  // wrk when the run has it (configureGenerator); autocannon for a paced quota (overallRate).
  const useWrk = generator.wrkDir && !overallRate;
  const run = useWrk ? (options) => wrkRun(scenario, { ...options, dir: generator.wrkDir }) : (options) => autocannonRun(scenario, options);
  const warm = warmupSeconds > 0 ? await run({ connections, seconds: warmupSeconds, overallRate }) : null;
  const measure = (cpus) => withCpu(serverPid, () => run({ connections, seconds, overallRate, cpus }));
  // The warm-up runs where the server was; only the measured run is pinned.
  const measured =
    useWrk && generator.serverCpu !== undefined && serverPid !== undefined
      ? await whilePinned(serverPid, generator.serverCpu, async (pinned) => {
          const stats = await measure(pinned ? generator.generatorCpu : undefined);
          // Pinning was asked for and refused: the row says so (table.mjs).
          if (!pinned) stats.notPinned = true;
          return stats;
        })
      : await measure();
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

const PACED_GENERATOR = fileURLToPath(new URL("./paced-generator.mjs", import.meta.url));

/** The next IPC message from `child`; fails when it exits first or after `timeoutMs`. */
function nextMessage(child, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      reject(new Error(`the paced generator did not answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    const onExit = (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the paced generator exited (${code ?? signal}) early`));
    };
    child.once("exit", onExit);
    child.once("message", (message) => {
      clearTimeout(timer);
      child.off("exit", onExit);
      resolve(message);
    });
  });
}

/**
 * Open loop at `rate` req/s: `warmupSeconds`, then `seconds` measured, in one child
 * process (bench/lib/paced-generator.mjs). The scenario's requests are made here, up
 * front, and handed over. `generatorCpus`: where to pin the generator (taskset's list
 * form); only a pinned generator polls the clock, an unpinned one uses a 1 ms timer.
 * The stats say whether it was pinned (`generatorPinned`), and hold every latency
 * (`latencies`, to pool rounds). `serverCpu`: the one CPU the server runs on, to report
 * what else ran there (`otherCpuMs`, `stealMs`) and the wait for it of the server's busiest
 * thread, the one serving (`serverRunQueueMs`).
 */
export async function runPaced(scenario, { rate, warmupSeconds, seconds, connections, serverPid, serverCpu, generatorCpus }) {
  const requests = (count) => {
    const total = Math.floor(rate * count);
    return {
      url: scenario.url,
      method: scenario.method ?? "GET",
      path: scenario.path,
      headers: scenario.headers ?? {},
      bodies: scenario.nextBody ? Array.from({ length: total }, () => scenario.nextBody()) : Array(total).fill(scenario.body),
      extraHeaders: scenario.nextHeaders ? Array.from({ length: total }, () => scenario.nextHeaders()) : undefined,
      rate,
      connections,
      expect: scenario.expect,
    };
  };
  const warmup = warmupSeconds > 0 ? requests(warmupSeconds) : null;
  const job = requests(seconds);
  // The child's own deadline settles a run 10 s after its schedule; this one is a backstop.
  const limitMs = (seconds) => (seconds + 30) * 1000;
  const child = fork(PACED_GENERATOR, [], { stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" });
  try {
    const pinned = generatorCpus !== undefined && pinProcess(child.pid, generatorCpus);
    job.spin = pinned;
    if (warmup) warmup.spin = pinned;
    const ready = nextMessage(child, limitMs(warmupSeconds));
    child.send({ warmup, job });
    const { warm } = await ready;
    const cpu0 = serverCpu === undefined ? null : cpuTimesMs(serverCpu);
    const serving = busiestThread(serverPid) ?? serverPid;
    const wait0 = runQueueWaitMs(serverPid, serving);
    const measured = await withCpu(serverPid, async () => {
      const answer = nextMessage(child, limitMs(seconds));
      child.send("go");
      return (await answer).stats;
    });
    const cpu1 = serverCpu === undefined ? null : cpuTimesMs(serverCpu);
    const wait1 = runQueueWaitMs(serverPid, serving);
    // What else ran on the server's CPU (other processes; the hypervisor's steal), and how
    // long the server's serving thread, ready to run, waited for it: the host's share of the tail.
    if (cpu0 && cpu1 && measured.serverCores !== undefined) {
      measured.otherCpuMs = Math.max(0, cpu1.processes - cpu0.processes - measured.serverCores * measured.seconds * 1000);
      measured.stealMs = cpu1.steal - cpu0.steal;
    }
    if (wait0 !== null && wait1 !== null) measured.serverRunQueueMs = wait1 - wait0;
    measured.generatorPinned = pinned;
    if (warm) {
      measured.warmupBad = warm.non2xx + warm.wrong + warm.errors;
      measured.firstWrong ??= warm.firstWrong;
    }
    return measured;
  } finally {
    child.kill();
  }
}
