import { flushTokenUsage } from "@/lib/auth/access-tokens";
import { logger } from "@/lib/logger";
import { getKeyCache } from "./key-cache";
import { flushUsage, startUsageFlusher, stopUsageFlusher } from "./usage-recorder";

const SHUTDOWN_FLUSH_LIMIT_MS = 3_000;
const globalForRuntime = globalThis as unknown as { signetVerifyRuntime?: boolean };

/**
 * Starts what verification needs in a server process (called from instrumentation.ts):
 * the key cache with its LISTEN connection, the usage flusher, and a last flush on
 * SIGTERM/SIGINT. Idempotent. Everything also starts lazily on first use.
 */
export function startVerifyRuntime(): void {
  if (globalForRuntime.signetVerifyRuntime) return;
  globalForRuntime.signetVerifyRuntime = true;
  try {
    getKeyCache();
  } catch (error) {
    // No DATABASE_URL yet: the cache starts on the first verification instead.
    logger.warn({ err: error instanceof Error ? { message: error.message } : undefined }, "key cache not started");
  }
  startUsageFlusher();
  flushUsageOnShutdown();
}

/** Writes what is pending, bounded: a dead database must not hold the exit. */
function flushWithin(limitMs: number): Promise<unknown> {
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, limitMs).unref());
  const flushes = Promise.all([flushUsage().catch(() => {}), flushTokenUsage().catch(() => {})]);
  return Promise.race([flushes, deadline]);
}

/**
 * Stops the usage flusher and writes what is pending, within the shutdown limit: for a
 * verifying thread that gets no signals (scripts/internal-api-worker.mjs) and ends on request.
 */
export async function flushBeforeExit(): Promise<void> {
  stopUsageFlusher();
  await flushWithin(SHUTDOWN_FLUSH_LIMIT_MS);
}

function flushUsageOnShutdown(): void {
  let flushing: Promise<unknown> | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (flushing) return;
    stopUsageFlusher();
    const done = flushWithin(SHUTDOWN_FLUSH_LIMIT_MS);
    flushing = done;
    // The server exits once its in-flight requests are answered, which can be before the flush's
    // query returns: hold that exit until the flush ends, then write what those requests counted.
    const exit = process.exit.bind(process);
    process.exit = ((code?: number | string | null) => {
      void done.then(() => flushWithin(SHUTDOWN_FLUSH_LIMIT_MS)).finally(() => exit(code));
    }) as typeof process.exit;
    void done.finally(() => {
      // Nobody else handles the signal (no Next.js around it): stop the way Node would have.
      if (process.listenerCount(signal) === 0) {
        process.exit = exit;
        process.kill(process.pid, signal);
      }
    });
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
