// The server thread's side of the INTERNAL_PORT listener (scripts/internal-api-worker.mjs):
// reads its settings, starts the worker thread, relays this thread's key and policy changes
// to it, adds its reading to /metrics, and stops it with the server.
import { Worker } from "node:worker_threads";
import { publishedInternalApi } from "./lean-internal-api.mjs";
import { logLine } from "./log-line.mjs";
import { createProjectChangeRelay } from "./project-change-relay.mjs";
import { backgroundNice, lowerOtherThreads } from "./thread-priority.mjs";

const PUBLISH_WAIT_MS = 30_000;
const METRICS_WAIT_MS = 2_000;
/** The worker's own drain, then its usage flush (at most 3 s, lib/verify/runtime.ts), within the server's 10 s. */
const WORKER_GRACE_MS = 5_000;
const STOP_WAIT_MS = WORKER_GRACE_MS + 3_000 + 1_000;

/**
 * `{ port, hostname }` for the INTERNAL_PORT listener, or null when INTERNAL_PORT is unset
 * (or in development, which has no production build for the worker to load).
 * Throws with a message for the operator when a setting is wrong.
 */
export function internalListenerConfig(env, { port, hostname, dev }) {
  const raw = env.INTERNAL_PORT?.trim();
  if (!raw) return null;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > 65_535) {
    throw new Error(`INTERNAL_PORT must be a TCP port number (1-65535); got ${JSON.stringify(raw)}`);
  }
  const internalPort = Number(raw);
  if (internalPort === port) throw new Error(`INTERNAL_PORT must differ from PORT (both are ${port})`);
  if (dev) {
    logLine("warn", "INTERNAL_PORT is ignored by the development server: the verification API is on PORT");
    return null;
  }
  return { port: internalPort, hostname: env.INTERNAL_HOSTNAME?.trim() || hostname, backgroundNice: backgroundNice(env) };
}

/** The rest of the process gives way to the verification thread when they compete for a CPU (Linux). */
function lowerTheRest(workerThreadId, nice) {
  let lowered = null;
  try {
    if (typeof workerThreadId === "number") lowered = lowerOtherThreads({ keep: [workerThreadId], increment: nice });
  } catch (error) {
    logLine("warn", `INTERNAL_BACKGROUND_NICE: could not lower the other threads' priority (${error.message})`);
    return;
  }
  if (lowered !== null) {
    logLine("info", `the INTERNAL_PORT thread (${workerThreadId}) keeps its CPU priority; ${lowered} other threads of the process now run up to ${nice} nice levels lower (INTERNAL_BACKGROUND_NICE; 19 at most)`);
  } else if (process.platform === "linux") {
    logLine("warn", "INTERNAL_BACKGROUND_NICE: this process's threads cannot be read from /proc here; every thread keeps its priority");
  }
}

/** The verification API this thread's instrumentation publishes shortly after Next's prepare(). */
async function publishedApi() {
  const deadline = Date.now() + PUBLISH_WAIT_MS;
  for (;;) {
    const api = publishedInternalApi();
    if (api) return api;
    if (Date.now() > deadline) throw new Error("the verification API was not published by instrumentation.ts");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function startInternalApiWorker({ root, port, hostname, backgroundNice: nice }) {
  const api = await publishedApi();
  const relay = createProjectChangeRelay();
  const unsubscribe = api.onProjectChanged((projectId) => relay.send(projectId));
  const worker = new Worker(new URL("./internal-api-worker.mjs", import.meta.url), {
    workerData: { root, port, hostname, changes: relay.receiver },
    transferList: [relay.receiver.port],
  });

  let stopping = false;
  let onUnexpectedExit = () => {};
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  let workerError = null;
  worker.on("error", (error) => (workerError = error));

  const workerThreadId = await new Promise((resolve, reject) => {
    worker.on("message", (message) => {
      if (message?.type === "listening") resolve(message.threadId);
      else if (message?.type === "failed") reject(new Error(message.message));
    });
    void exited.then((code) => reject(workerError ?? new Error(`the worker exited with code ${code}`)));
  }).catch(async (error) => {
    unsubscribe();
    relay.close();
    await worker.terminate();
    throw error;
  });

  if (nice > 0) lowerTheRest(workerThreadId, nice);

  // /metrics: the worker's reading, asked for at scrape time; null when it does not answer in time.
  let nextMetricsId = 0;
  const pendingMetrics = new Map();
  const settleMetrics = (id, reading) => {
    pendingMetrics.get(id)?.(reading);
    pendingMetrics.delete(id);
  };
  worker.on("message", (message) => {
    if (message?.type === "metrics") settleMetrics(message.id, message.reading);
  });
  const removePeer = api.addMetricsPeer(
    () =>
      new Promise((resolve) => {
        const id = ++nextMetricsId;
        pendingMetrics.set(id, resolve);
        setTimeout(() => settleMetrics(id, null), METRICS_WAIT_MS).unref();
        worker.postMessage({ type: "metrics", id });
      }),
  );

  void exited.then((code) => {
    removePeer();
    unsubscribe();
    relay.close();
    for (const id of [...pendingMetrics.keys()]) settleMetrics(id, null);
    if (!stopping) onUnexpectedExit(workerError ? workerError.message : `exit code ${code}`);
  });

  return {
    onUnexpectedExit(callback) {
      onUnexpectedExit = callback;
    },
    /** Stops the listener gracefully (in-flight answers, pending usage), bounded; resolves once the thread has ended. */
    async stop() {
      if (stopping) return exited;
      stopping = true;
      const stopped = new Promise((resolve) => worker.on("message", (message) => message?.type === "stopped" && resolve(true)));
      worker.postMessage({ type: "stop", graceMs: WORKER_GRACE_MS });
      const late = new Promise((resolve) => setTimeout(() => resolve(false), STOP_WAIT_MS).unref());
      const clean = await Promise.race([stopped, exited.then(() => true), late]);
      if (!clean) logLine("error", "the INTERNAL_PORT thread did not stop in time: ending it (its pending usage counts may be lost)");
      await worker.terminate();
    },
  };
}
