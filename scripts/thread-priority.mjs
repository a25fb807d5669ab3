// Thread priorities for the INTERNAL_PORT setup. On Linux the nice value belongs to each
// thread, not to the process, so the verification thread can keep its priority while the
// rest of the process (the Next.js thread, V8's garbage-collection and compiler helpers,
// libuv's pool) gives way to it when they compete for a CPU. Elsewhere this does nothing.
import { readdirSync, readlinkSync } from "node:fs";
import os from "node:os";

/**
 * How much lower (nice) the rest of the process runs than the INTERNAL_PORT thread, from
 * INTERNAL_BACKGROUND_NICE (default 10; 0 turns it off). When they compete for a CPU, a
 * gateway's answer goes first; the dashboard, Next.js's garbage collections and V8's
 * helpers wait (docs/performance.md, finding 13). Throws with a message for the operator.
 */
export function backgroundNice(env) {
  const raw = env.INTERNAL_BACKGROUND_NICE?.trim() || String(DEFAULT_BACKGROUND_NICE);
  if (!/^\d{1,2}$/.test(raw) || Number(raw) > 19) {
    throw new Error(`INTERNAL_BACKGROUND_NICE must be a whole number from 0 (off) to 19; got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

export const DEFAULT_BACKGROUND_NICE = 10;

/** The calling thread's kernel id (Linux), or null where there is none to read. */
export function currentThreadId() {
  try {
    const link = readlinkSync("/proc/thread-self"); // "<pid>/task/<tid>"
    const tid = Number(link.slice(link.lastIndexOf("/") + 1));
    return Number.isSafeInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * Raises by `increment` (up to 19, the lowest priority) the nice value of every thread of
 * this process except those in `keep`: a lower priority, which only matters when threads
 * wait for a CPU. Threads started later inherit the nice value of the thread that starts them.
 * Returns how many threads were lowered, or null where this process's threads cannot be
 * listed (not Linux, no /proc, or a /proc of another PID namespace). Throws on a refusal
 * other than a thread that has just ended.
 */
export function lowerOtherThreads({ keep, increment }) {
  let tids;
  try {
    // A /proc from another PID namespace would name other processes' threads.
    if (readlinkSync("/proc/self") !== String(process.pid)) return null;
    tids = readdirSync("/proc/self/task").map(Number);
  } catch {
    return null;
  }
  let lowered = 0;
  for (const tid of tids) {
    if (keep.includes(tid)) continue;
    try {
      const current = os.getPriority(tid);
      const target = Math.min(19, current + increment);
      if (target === current) continue;
      os.setPriority(tid, target);
      lowered += 1;
    } catch (error) {
      // ESRCH: the thread ended meanwhile. Anything else is the caller's to report.
      if (error?.info?.code !== "ESRCH") throw error;
    }
  }
  return lowered;
}
