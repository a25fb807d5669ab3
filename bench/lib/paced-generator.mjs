// The open-loop generator of the paced rows ("p99 at half the max rate"), run as a
// child process of the bench (load.mjs runPaced). A process of its own so that it can
// be pinned to a core of its own, and so that its heap holds only this run's requests:
// in the bench process, the pre-signed token pools (hundreds of MiB) made its GC pauses,
// and so its own stalls, part of every server's p99.
//
// Protocol (IPC): the parent sends {warmup, job}; the child runs the warm-up (same
// process, so its JIT is warm too) and answers {ready, warm}; the parent starts its CPU
// reading and sends "go"; the child runs the job and answers {stats}. A job with
// `spin` (the parent pinned this process to a core of its own) polls the clock;
// otherwise a 1 ms timer drives it, so it never takes a core from the server.
import net from "node:net";
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
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const cpu0 = process.cpuUsage();
    delay.enable();
    pacedRun(job).then((stats) => {
      delay.disable();
      const cpu = process.cpuUsage(cpu0);
      stats.generatorDelayP99 = delay.percentile(99) / 1e6;
      // A spinning loop is always at one core: its CPU says nothing about its load.
      stats.clientCores = job.spin ? null : (cpu.user + cpu.system) / 1000 / (stats.seconds * 1000);
      process.send({ stats }, () => process.disconnect());
    });
  }
});
// The bench went away (killed, or gave up on this run): so does the generator.
process.on("disconnect", () => process.exit(0));

/** How long past its last scheduled send a run may take before what is outstanding counts as failed. */
const RUN_GRACE_MS = 10_000;
/** Wait before reconnecting after a connection failed, so a dead server is not hammered. */
const RECONNECT_DELAY_MS = 100;

/**
 * The open loop itself, on raw sockets: `connections` keep-alive HTTP/1.1 connections,
 * one request in flight on each, requests sent at their scheduled times, and answers
 * read with a minimal HTTP/1.1 parser (Content-Length or chunked). With `spin` (a core
 * of its own) the loop polls the clock between I/O callbacks: a 1 ms timer put up to
 * 1 ms of its own lateness into every latency. node:http's client cost ~100 µs of this
 * process's CPU per request, and its collections, more than some servers measured.
 * Latency is counted from each request's scheduled send time.
 */
function pacedRun({ url, method, path, headers, bodies, extraHeaders, rate, connections, expect, spin }) {
  const check = answerCheck(expect);
  const recorder = new Recorder();
  const target = new URL(url);
  const total = Math.max(bodies?.length ?? 0, extraHeaders?.length ?? 0);
  const waiting = []; // request indexes due, with no free connection yet (oldest first)
  const idle = []; // connections ready for a request (least recently used first)
  const connectionsOpen = new Set();
  let sent = 0;
  let done = 0;
  let skipped = 0;

  return new Promise((resolve) => {
    const start = performance.now();
    let stopped = false;
    let timer = null;
    const finish = () => {
      stopped = true;
      clearInterval(timer);
      clearTimeout(deadline);
      for (const connection of connectionsOpen) connection.socket.destroy();
      resolve({ ...recorder.summary((performance.now() - start) / 1000), notSent: skipped, latencies: recorder.recorded() });
    };
    const settle = () => {
      done += 1;
      if (done === total && !stopped) finish();
    };
    const fail = (reason) => {
      recorder.errors += 1;
      recorder.firstWrong ??= reason;
      settle();
    };
    // A server that stopped answering must not hang the bench: what is still out fails.
    const deadline = setTimeout(() => {
      if (stopped) return;
      const outstanding = total - done;
      for (let i = 0; i < outstanding; i++) fail(`no answer within ${RUN_GRACE_MS / 1000} s of the schedule's end`);
    }, (total * 1000) / rate + RUN_GRACE_MS);

    const requestText = (index) => {
      const extra = extraHeaders?.[index];
      const all = extra ? { ...headers, ...extra } : headers;
      let text = `${method} ${path} HTTP/1.1\r\nHost: ${target.host}\r\n`;
      for (const name in all) text += `${name}: ${all[name]}\r\n`;
      const body = bodies?.[index];
      if (body === undefined) return `${text}\r\n`;
      return `${text}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };

    const connect = () => {
      if (stopped) return;
      const socket = net.connect({ host: target.hostname, port: Number(target.port), noDelay: true });
      const connection = { socket, index: -1, buffer: null };
      connectionsOpen.add(connection);
      socket.on("connect", () => release(connection));
      socket.on("data", (chunk) => {
        if (connection.index === -1) {
          // An answer nobody asked for: the stream can no longer be trusted.
          recorder.errors += 1;
          recorder.firstWrong ??= "an answer arrived with no request in flight";
          socket.destroy();
          return;
        }
        connection.buffer = connection.buffer === null ? chunk : Buffer.concat([connection.buffer, chunk]);
        const response = parseResponse(connection.buffer, expect.header !== undefined);
        if (response === null) return; // incomplete
        const index = connection.index;
        connection.index = -1;
        connection.buffer = null;
        recorder.latency(performance.now() - start - (index * 1000) / rate);
        if (response.error) {
          fail(response.error);
          socket.destroy(); // out of step with the server: start a new connection
          return;
        }
        recorder.answer(check(response.status, response.body, response.headers), response.status, response.body);
        settle();
        if (response.close) socket.end();
        else release(connection);
      });
      let gone = false;
      const lost = (error) => {
        if (gone) return;
        gone = true;
        connectionsOpen.delete(connection);
        const at = idle.indexOf(connection);
        if (at !== -1) idle.splice(at, 1);
        if (connection.index !== -1) {
          const index = connection.index;
          connection.index = -1;
          // Sent but not answered: the server dropped it (a keep-alive close races a send).
          fail(`socket ${error?.code ?? "closed"} with request ${index} in flight`);
        }
        if (!stopped) setTimeout(connect, error ? RECONNECT_DELAY_MS : 0);
      };
      socket.on("error", lost);
      socket.on("close", () => lost(null));
    };
    const release = (connection) => {
      if (stopped) return;
      if (waiting.length > 0) send(connection, waiting.shift());
      else idle.push(connection);
    };
    const send = (connection, index) => {
      connection.index = index;
      connection.socket.write(requestText(index));
    };

    const tick = () => {
      if (stopped) return;
      if (spin) setImmediate(tick);
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) {
        const index = sent;
        sent += 1;
        // The generator or the server fell behind by more than a second: do not pile up.
        if (sent - done > rate) {
          skipped += 1;
          settle();
          continue;
        }
        const connection = idle.shift();
        if (connection) send(connection, index);
        else waiting.push(index);
      }
    };
    for (let i = 0; i < connections; i++) connect();
    if (spin) setImmediate(tick);
    else timer = setInterval(tick, 1);
  });
}

const HEADER_END = Buffer.from("\r\n\r\n");

/**
 * One HTTP/1.1 response from the start of `buffer`: {status, body, headers?, close} once
 * complete, null while incomplete, {error} when it cannot be read.
 */
function parseResponse(buffer, wantHeaders) {
  const end = buffer.indexOf(HEADER_END);
  if (end === -1) return null;
  const lines = buffer.toString("latin1", 0, end).split("\r\n");
  const status = Number(lines[0].split(" ")[1]);
  if (!Number.isInteger(status)) return { error: `unreadable status line ${lines[0].slice(0, 80)}` };
  let length = 0;
  let chunked = false;
  let close = false;
  const headers = wantHeaders ? {} : undefined;
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(":");
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i].slice(colon + 1).trim();
    if (name === "content-length") length = Number(value);
    else if (name === "transfer-encoding") chunked = value.toLowerCase().includes("chunked");
    else if (name === "connection") close = value.toLowerCase() === "close";
    if (headers) headers[name] = value;
  }
  const bodyStart = end + HEADER_END.length;
  if (!chunked) {
    if (buffer.length < bodyStart + length) return null;
    return { status, headers, close, body: buffer.toString("utf8", bodyStart, bodyStart + length) };
  }
  const parts = [];
  let at = bodyStart;
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", at);
    if (lineEnd === -1) return null;
    const size = parseInt(buffer.toString("latin1", at, lineEnd), 16);
    if (!Number.isInteger(size)) return { error: "unreadable chunk size" };
    if (size === 0) {
      if (buffer.length < lineEnd + 4) return null;
      return { status, headers, close, body: Buffer.concat(parts).toString("utf8") };
    }
    if (buffer.length < lineEnd + 2 + size + 2) return null;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
