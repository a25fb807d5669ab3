// Child processes, ports and /proc readings. Every child is started in its own process
// group, so stopping it also stops what it started (Signet's server, the embedded DB).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import net from "node:net";

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

const handedOut = new Set();

/** A TCP port free on 127.0.0.1 right now, never one this run already handed out. */
export async function freePort() {
  for (;;) {
    const port = await probePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function probePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a command with stdout/stderr appended to `logFile`, in a new process group.
 * `cpus` (taskset's list form): start it, and everything it starts, on those CPUs only.
 */
export function startProcess(command, args, { env = process.env, cwd, logFile, cpus }) {
  const fd = openSync(logFile, "a");
  const [file, argv] = cpus === undefined ? [command, args] : ["taskset", ["--cpu-list", cpus, command, ...args]];
  const child = spawn(file, argv, { cwd, env, detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  child.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  child.once("error", () => {});
  return child;
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM to the child (it forwards to its own children), then SIGKILL to its whole group. */
export async function stopProcess(child, { graceMs = 10_000 } = {}) {
  if (!child?.pid) return;
  if (child.exitCode === null && child.signalCode === null) {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    const done = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!done) signalGroup(child, "SIGKILL");
  }
  // Whatever it started and left behind (same group) goes too.
  await sleep(100);
  signalGroup(child, "SIGKILL");
}

/** Polls `url` until it answers 2xx; fails early when `child` exits. */
export async function waitForHttp(url, { child, timeoutMs = 120_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`the process exited (code ${child.exitCode ?? child.signalCode}) before ${url} answered`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Every process below `rootPid` (from /proc/<pid>/stat's ppid). */
export function descendants(rootPid) {
  const parentOf = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const found = [];
  let frontier = [rootPid];
  while (frontier.length) {
    const next = [];
    for (const [pid, ppid] of parentOf) if (frontier.includes(ppid)) next.push(pid);
    found.push(...next);
    frontier = next;
  }
  return found;
}

/** The socket inodes listening on `port` (any address, IPv4 or IPv6). */
function listeningInodes(port) {
  const inodes = new Set();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== "0A") continue; // 0A = LISTEN
      if (parseInt(cols[1].split(":")[1], 16) === port) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** Which of `pids` holds the listening socket of `port` (the real server process). */
export function pidListeningOn(port, pids) {
  const inodes = listeningInodes(port);
  for (const pid of pids) {
    let fds = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match && inodes.has(match[1])) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}

/** Resident memory of a process in MiB (VmRSS), or null when it cannot be read. */
export function rssMiB(pid) {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Last `lines` lines of a log file, for failure reports. */
export function tail(file, lines = 40) {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Pins every thread of `pid` to the CPUs in `cpus` (taskset's list form: "0", "1", "0-1").
 * Threads started later inherit it. False where taskset is missing or refused.
 */
export function pinProcess(pid, cpus) {
  if (pid === undefined) return false;
  try {
    execFileSync("taskset", ["--all-tasks", "--pid", "--cpu-list", cpus, String(pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `fn(pinned)` with every thread of `pid` on `cpus`, then gives `pid` back the CPUs it
 * had. Pins only when those can be read, so that no server is left pinned by accident.
 */
export async function whilePinned(pid, cpus, fn) {
  const allowed = pid === undefined ? null : allowedCpus(pid);
  const pinned = allowed !== null && pinProcess(pid, cpus);
  try {
    return await fn(pinned);
  } finally {
    if (pinned) pinProcess(pid, allowed);
  }
}

/** Whether taskset can pin processes here to each of `cpus` (util-linux, and affinities the kernel lets us set). */
export function canPin(cpus = ["0", "1"]) {
  try {
    for (const cpu of cpus) execFileSync("taskset", ["--cpu-list", cpu, "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Time one CPU has spent so far, in ms from /proc/stat: running processes (user, nice,
 * system: with IRQ time accounting, interrupt time is not charged to them) and taken
 * by the hypervisor (steal); null elsewhere.
 */
export function cpuTimesMs(cpu) {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n").find((l) => l.startsWith(`cpu${cpu} `));
    const [user, nice, system, , , , , steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const ms = (ticks) => (ticks * 1000) / CLOCK_TICKS;
    return { processes: ms(user + nice + system), steal: ms(steal) };
  } catch {
    return null;
  }
}

/** The CPUs `pid` may run on (taskset's list form, from /proc/PID/status); null elsewhere. */
export function allowedCpus(pid) {
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? null;
  } catch {
    return null;
  }
}

/** /proc schedstat of one task: [ns on a CPU, ns waiting runnable for one]; null when unreadable. */
function schedstat(file) {
  try {
    const [running, waiting] = readFileSync(file, "utf8").split(" ").map(Number);
    return [running, waiting];
  } catch {
    return null;
  }
}

/**
 * The thread of `pid` that has run the most so far (its id): the one serving requests, which
 * is the main thread for most servers and the INTERNAL_PORT worker thread for Signet; null elsewhere.
 */
export function busiestThread(pid) {
  let busiest = null;
  let most = -1;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = schedstat(`/proc/${pid}/task/${tid}/schedstat`);
      if (stat && stat[0] > most) [busiest, most] = [tid, stat[0]];
    }
  } catch {
    return null;
  }
  return busiest;
}

/** How long thread `tid` of `pid` (default: its main thread) has waited, runnable, for a CPU (ms, schedstat); null elsewhere. */
export function runQueueWaitMs(pid, tid = pid) {
  const stat = schedstat(`/proc/${pid}/task/${tid}/schedstat`);
  return stat ? stat[1] / 1e6 : null;
}

/**
 * Runs `fn` with `pids` stopped (SIGSTOP), and continues them afterwards (SIGCONT), whatever
 * happens: servers kept for later phases then take no CPU from the one being measured.
 */
export async function whileStopped(pids, fn) {
  const stopped = [];
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGSTOP");
      stopped.push(pid);
    } catch {
      // already gone
    }
  }
  try {
    return await fn(stopped);
  } finally {
    for (const pid of stopped) {
      try {
        process.kill(pid, "SIGCONT");
      } catch {
        // gone meanwhile
      }
    }
  }
}
