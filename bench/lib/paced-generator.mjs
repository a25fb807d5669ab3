// The open-loop generator of the paced rows ("p99 at half the max rate"), run as a
// child process of the bench (load.mjs runPaced). A process of its own so that it can
// be pinned to a core of its own, and so that its heap holds only this run's requests:
// in the bench process, the pre-signed token pools (hundreds of MiB) made its GC pauses,
// and so its own stalls, part of every server's p99.
//
// Protocol (IPC): the parent sends {warmup, job}; the child runs the warm-up (same
// process, so its JIT is warm too) and answers {ready, warm}; the parent starts its CPU
// reading and sends "go"; the child runs the job and answers {stats}.
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Recorder } from "./recorder.mjs";
import { answerCheck } from "./scenarios.mjs";

let job = null;
process.on("message", (message) => {
  if (message?.job) {
    job = message.job;
    const warm = message.warmup ? pacedRun(message.warmup) : Promise.resolve(null);
    warm.then((stats) => process.send({ ready: true, warm: stats }));
  } else if (message === "go" && job) {
    const cpu0 = process.cpuUsage();
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    pacedRun(job).then((stats) => {
      delay.disable();
      const cpu = process.cpuUsage(cpu0);
      stats.generatorDelayP99 = delay.percentile(99) / 1e6;
      stats.clientCores = (cpu.user + cpu.system) / 1000 / (stats.seconds * 1000);
      process.send({ stats }, () => process.disconnect());
    });
  }
});

/** Latency is counted from each request's scheduled send time, not from when it went out. */
function pacedRun({ url, method, path, headers, bodies, extraHeaders, rate, connections, expect }) {
  const check = answerCheck(expect);
  const recorder = new Recorder();
  const target = new URL(url);
  // FIFO keeps every socket in use; idle ones close before the server's keep-alive timeout
  // (Next: 5 s), so a request never races a server-side close.
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, scheduling: "fifo", timeout: 4_000 });
  const total = Math.max(bodies?.length ?? 0, extraHeaders?.length ?? 0);
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
    const fire = (index, scheduledAt) => {
      const body = bodies?.[index];
      const requestHeaders = extraHeaders ? { ...headers, ...extraHeaders[index] } : { ...headers };
      if (body !== undefined) requestHeaders["content-length"] = Buffer.byteLength(body);
      const req = http.request({ agent, host: target.hostname, port: target.port, method, path, headers: requestHeaders, timeout: 10_000 }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => {
          recorder.latency(performance.now() - scheduledAt);
          recorder.answer(check(res.statusCode, text, res.headers), res.statusCode, text);
          settle();
        });
      });
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
        const index = sent;
        const scheduledAt = start + (index * 1000) / rate;
        sent += 1;
        // The generator itself fell behind by more than a second: do not pile up.
        if (sent - done > rate) {
          skipped += 1;
          settle();
          continue;
        }
        fire(index, scheduledAt);
      }
    }, 1);
  });
}
