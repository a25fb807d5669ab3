// `npm run bench` — Signet's verification hot path side by side with a bare Node
// ceiling (bench/baseline-server.mjs) and a peer (HAProxy jwt_verify), same tokens,
// same load generator, one run. See docs/performance.md.
//
//   npm run bench                  full run (~10 min): table to stdout and bench/results/latest.md
//   npm run bench -- --quick       a few seconds per phase, no HAProxy / half-rate (CI smoke test)
//   npm run bench -- --scale       also 10,000 projects × 25 keys: memory and cold-project cost
//   npm run bench -- --build       rebuild (next build) even when .next/BUILD_ID exists
//   options: --seconds N --warmup N --connections N --scale-projects N --no-haproxy
//            --no-pin (nothing pinned: wrk's rows run server and wrk where the kernel puts
//                      them; the paced rows use the first instances, unpinned, instead of
//                      servers started on CPU 0 with the generator on CPU 1)
//            --no-internal-port (gateways' rows on PORT, through the lean path in the
//                      thread that runs Next.js, instead of an INTERNAL_PORT listener)
//            --embedded (use Signet's embedded PGlite even when PostgreSQL is around)
//            --generator wrk|autocannon (closed-loop rows; default wrk when installed)
//            --node PATH (run Signet and the baseline with this Node.js binary; the bench
//                         itself and its generators keep the one running it)
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { cleanupAll, installExitHandlers, onCleanup } from "./lib/cleanup.mjs";
import { detectHaproxy, startHaproxy } from "./lib/haproxy.mjs";
import { combineRuns } from "./lib/combine-runs.mjs";
import { configureGenerator, prime, runPaced, runScenario } from "./lib/load.mjs";
import { startPgCounter } from "./lib/pg-counter.mjs";
import { canPin, freePort, startProcess, stopProcess, tail, waitForHttp, whilePinned, whileStopped } from "./lib/proc.mjs";
import { prepareScaleTemplate, runScale } from "./lib/scale.mjs";
import { bearerScenario, forwardAuthScenario, healthScenario, verifyScenario } from "./lib/scenarios.mjs";
import { benchUser, buildIfNeeded, prepareDatabase, ROOT, startSignet } from "./lib/signet.mjs";
import { badCount, renderReport } from "./lib/table.mjs";
import { generateBenchKeys, generatePool, rawVerifyRate, signToken } from "./lib/tokens.mjs";
import { detectWrk } from "./lib/wrk.mjs";

const OPTIONS = {
  quick: { type: "boolean", default: false },
  scale: { type: "boolean", default: false },
  build: { type: "boolean", default: false },
  seconds: { type: "string" },
  warmup: { type: "string" },
  connections: { type: "string", default: "32" },
  "scale-projects": { type: "string", default: "10000" },
  "no-haproxy": { type: "boolean", default: false },
  "no-pin": { type: "boolean", default: false },
  "no-internal-port": { type: "boolean", default: false },
  embedded: { type: "boolean", default: false },
  generator: { type: "string" },
  node: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
};
let opts;
try {
  opts = parseArgs({ options: OPTIONS }).values;
} catch (error) {
  console.error(`${error.message}\nUsage: npm run bench -- [--quick] [--scale] [--build] (--help for all options)`);
  process.exit(2);
}
if (opts.help) {
  const header = readFileSync(new URL(import.meta.url), "utf8").split("\n");
  console.log(header.slice(0, header.findIndex((line) => line.startsWith("import"))).join("\n"));
  process.exit(0);
}

const BENCH_DIR = path.join(ROOT, "bench");
/** Each Signet serves gateways on an INTERNAL_PORT of its own, as deployments should (--no-internal-port: on PORT). */
const internalPort = async () => (opts["no-internal-port"] ? undefined : await freePort());
const quick = opts.quick;
const seconds = Number(opts.seconds ?? (quick ? 1 : 10));
const warmupSeconds = Number(opts.warmup ?? (quick ? 0.5 : 2));
const connections = Number(opts.connections);
const log = (message) => console.error(`[bench] ${message}`);
/** The Node.js binary Signet and the baseline run with (--node; default: this one). */
const serverNode = opts.node ? path.resolve(opts.node) : process.execPath;
// Where pinned runs put each server, and their load generator.
const SERVER_CPU = "0";
const GENERATOR_CPU = "1";
const fmt = (v) => (v === null || v === undefined ? "–" : v.toFixed(2));

function machine() {
  const git = (...args) => {
    try {
      return execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return "";
    }
  };
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpu;
  } catch {
    // not Linux
  }
  return {
    date: new Date().toISOString(),
    commit: git("rev-parse", "--short", "HEAD") || "unknown",
    dirty: git("status", "--porcelain") !== "",
    node:
      serverNode === process.execPath
        ? process.version
        : `${serverNodeVersion()} for Signet and the baseline (--node ${serverNode}); ${process.version} for the bench, its generators and the in-process measurement`,
    cpu,
    cores: os.availableParallelism(),
    loadavg: os.loadavg().map((v) => v.toFixed(2)).join(", "),
  };
}

/**
 * Runs bench/in-process/usage-cost.bench.ts with vitest's bench mode and reads its JSON:
 * {countUs, verifyUs, share} (share = counting ÷ the verification core), or {error}.
 */
function measureUsageInProcess({ databaseUrl, tmp, quick }) {
  const output = path.join(tmp, "in-process.json");
  const run = spawnSync(
    path.join(ROOT, "node_modules", ".bin", "vitest"),
    ["bench", "--run", "--config", "bench/in-process/vitest.config.mts", "--outputJson", output],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_IN_PROCESS_MS: quick ? "300" : "3000", LOG_LEVEL: "warn" } },
  );
  if (run.status !== 0) return { error: `vitest bench exited ${run.status ?? run.signal}: ${(run.stderr || run.stdout || "").trim().slice(-300)}` };
  try {
    const benchmarks = JSON.parse(readFileSync(output, "utf8")).files.flatMap((file) => file.groups.flatMap((group) => group.benchmarks));
    const meanUs = (prefix) => 1000 * benchmarks.find((entry) => entry.name.startsWith(prefix)).mean;
    const verifyUs = meanUs("verify a distinct ES256 token");
    const countUs = meanUs("count one verification");
    return { countUs, verifyUs, share: countUs / verifyUs };
  } catch (error) {
    return { error: `unreadable vitest bench output (${error.message})` };
  }
}

/** Does this build of Signet read an env switch that turns usage recording off? */
function usageSwitch() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "generated") walk(full);
      else if (/\.(ts|mjs|js)$/.test(entry.name) && !/\.test\./.test(entry.name)) files.push(full);
    }
  };
  walk(path.join(ROOT, "lib"));
  return files.some((file) => readFileSync(file, "utf8").includes("SIGNET_DISABLE_USAGE"));
}

async function serverVersion(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    const { rows } = await client.query("SHOW server_version");
    return `, server ${rows[0].server_version}`;
  } catch {
    return "";
  } finally {
    await client.end().catch(() => {});
  }
}

async function deleteBenchData(databaseUrl, userId) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DELETE FROM "Project" WHERE "createdById" = $1`, [userId]);
    await client.query(`DELETE FROM "AuditEvent" WHERE "actorId" = $1`, [userId]);
    await client.query(`DELETE FROM "User" WHERE "id" = $1`, [userId]);
  } finally {
    await client.end();
  }
}

/** wrk (a process of its own) unless absent or --generator autocannon; autocannon runs in this process. */
function chooseGenerator(tmp, pin) {
  const wanted = opts.generator ?? "wrk";
  if (wanted !== "wrk" && wanted !== "autocannon") throw new Error(`--generator must be wrk or autocannon, not ${wanted}`);
  const wrk = wanted === "wrk" ? detectWrk() : null;
  if (wanted === "wrk" && !wrk) {
    if (opts.generator) throw new Error("--generator wrk: wrk is not installed (Debian: apt-get install wrk)");
    log("wrk is not installed (Debian: apt-get install wrk): autocannon, in this process, generates the load");
  }
  // One core per server and one for wrk, as in the paced rows (--no-pin: both unpinned).
  configureGenerator({ wrkDir: wrk ? tmp : null, serverCpu: pin ? SERVER_CPU : undefined, generatorCpu: pin ? GENERATOR_CPU : undefined });
  if (!wrk) return { name: "autocannon", process: "autocannon runs inside the bench process" };
  return pin
    ? { name: `${wrk}, 1 thread, on CPU 1; each server pinned (every thread) to CPU 0 while measured; p50/p99 are wrk's, corrected for coordinated omission`, process: "wrk runs as a process of its own (1 thread) on CPU 1, and each server on CPU 0 while measured (one core per server; its other threads too)" }
    : { name: `${wrk}, 1 thread, unpinned; p50/p99 are wrk's, corrected for coordinated omission`, process: "wrk runs as a process of its own (1 thread)" };
}

/** The --node binary's version; exits with a clear message when it cannot run. */
function serverNodeVersion() {
  const probe = spawnSync(serverNode, ["-v"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    console.error(`--node ${serverNode}: cannot run it (${probe.error?.message ?? `exit ${probe.status}`})`);
    process.exit(2);
  }
  return probe.stdout.trim();
}

async function main() {
  installExitHandlers();
  const report = { ...machine(), quick, seconds, warmupSeconds, connections, rows: [], failures: [], notes: [], raw: {} };
  const tmp = mkdtempSync(path.join(os.tmpdir(), "signet-bench-"));
  onCleanup("remove the temp dir", () => rmSync(tmp, { recursive: true, force: true }));
  // Servers on CPU 0 and generators on CPU 1 (closed-loop rows with wrk, paced rounds).
  const pin = !opts["no-pin"] && os.availableParallelism() >= 2 && canPin([SERVER_CPU, GENERATOR_CPU]);
  report.generator = chooseGenerator(tmp, pin);

  log("generating keys; raw node:crypto verify rates (one core)...");
  const keys = generateBenchKeys();
  report.raw.ES256 = rawVerifyRate(keys.es, quick ? 300 : 1_000);
  report.raw.RS256 = rawVerifyRate(keys.rs, quick ? 300 : 1_000);

  buildIfNeeded({ force: opts.build, log });
  const db = await prepareDatabase(log, { embedded: opts.embedded });
  const embeddedDbPort = db.url ? null : await freePort();
  const directDbUrl = db.url ?? `postgresql://postgres@127.0.0.1:${embeddedDbPort}/postgres?sslmode=disable`;
  let counter = null;
  if (opts.scale && db.url) {
    counter = await startPgCounter(db.url);
    onCleanup("stop the round-trip counter", counter.stop);
  }
  const gatewayKey = randomBytes(24).toString("base64url");
  const dataDir = path.join(tmp, "signet-data");
  const signetLog = path.join(tmp, "signet.log");
  log("starting Signet (node scripts/start.mjs: migrations, then the server)...");
  const signet = await startSignet({
    node: serverNode,
    port: await freePort(),
    internalPort: await internalPort(),
    databaseUrl: counter?.url ?? db.url,
    embeddedDbPort,
    dataDir,
    gatewayKey,
    logFile: signetLog,
  });
  log(`Signet is up at ${signet.url}, verification API at ${signet.verifyUrl} (server pid ${signet.pid})`);
  const kinds = {
    local: "a fresh database on the local PostgreSQL (dropped at the end)",
    configured: "BENCH_DATABASE_URL / DATABASE_URL (what the bench adds is deleted at the end)",
    embedded: "embedded PGlite (DATABASE_URL unset and no local PostgreSQL)",
  };
  report.database = `${kinds[db.kind]}${await serverVersion(directDbUrl)}`;

  // Seed through the management API.
  const user = await benchUser(signet.url);
  if (db.kind === "configured") onCleanup("delete the bench's user and projects", () => deleteBenchData(directDbUrl, user.id));
  const projectId = await user.createProject("bench");
  const esKid = await user.addKey(projectId, keys.es.publicPem, "bench ES256");
  const rsKid = await user.addKey(projectId, keys.rs.publicPem, "bench RS256");
  const template = opts.scale ? await prepareScaleTemplate(user) : null;
  log(`seeded a user, project and two keys (ES256, RS256)${template ? " and the 25 scale template keys" : ""}`);

  const esPem = path.join(tmp, "es256.pub.pem");
  const rsPem = path.join(tmp, "rs256.pub.pem");
  writeFileSync(esPem, keys.es.publicPem);
  writeFileSync(rsPem, keys.rs.publicPem);

  /** The minimal node:http + jose server (bench/baseline-server.mjs); `cpus`: started on those only. */
  const startBaseline = async (name, { cpus } = {}) => {
    const logFile = path.join(tmp, `${name}.log`);
    const port = await freePort();
    const child = startProcess(
      serverNode,
      [path.join(BENCH_DIR, "baseline-server.mjs"), "--port", String(port), "--project", projectId, "--es256", esPem, "--rs256", rsPem],
      { env: { ...process.env, BASELINE_GATEWAY_KEY: gatewayKey }, logFile, cpus },
    );
    const stop = onCleanup(`stop the ${name} server`, () => stopProcess(child, { graceMs: 3_000 }));
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/healthz`, { child, timeoutMs: 20_000 }).catch((error) => {
      throw new Error(`${name} server: ${error.message}\n${tail(logFile)}`);
    });
    return { child, pid: child.pid, url, stop };
  };
  const baseline = await startBaseline("baseline");

  let haproxy = null;
  let haproxyLabel = "HAProxy";
  let haproxySkip = null;
  if (quick) haproxySkip = "skipped (--quick)";
  else if (opts["no-haproxy"]) haproxySkip = "skipped (--no-haproxy)";
  else {
    const found = detectHaproxy();
    if (found.missing) haproxySkip = found.missing;
    else {
      haproxy = await startHaproxy({
        dir: tmp,
        port: await freePort(),
        threads: 1,
        keys: [
          { alg: "ES256", pemPath: esPem },
          { alg: "RS256", pemPath: rsPem },
        ],
      });
      onCleanup("stop HAProxy", haproxy.stop);
      haproxyLabel = `HAProxy ${found.version} jwt_verify (1 thread)`;
    }
  }

  const pidFor = (key) =>
    key.startsWith("signet") ? signet.pid : key.startsWith("baseline") ? baseline.pid : key.startsWith("haproxy") ? haproxy?.pid : undefined;
  /** Adds a measured row with its notes (and a wrapped token pool's); its wrong answers are failures. */
  const addRow = (key, label, stats, notes, stream) => {
    if (stream?.wrapped && key.startsWith("signet")) {
      notes.push(`⚠ token pool wrapped ${stream.wrapped}× (tokens reused)`);
      report.notes.push(`⚠ ${label}: the distinct-token pool ran out, so some tokens were verified twice`);
    } else if (stream?.wrapped) {
      notes.push(`pool wrapped ${stream.wrapped}× (no cache there: same work)`);
    }
    report.rows.push({ key, label, stats, note: notes.filter(Boolean).join("; ") });
    const bad = badCount(stats);
    if (bad) report.failures.push(`${label}: ${bad} wrong answers (first: ${stats.firstWrong})`);
    return bad;
  };
  const measure = async (key, label, scenario, { overallRate, stream, note, serverPid } = {}) => {
    log(`${label}...`);
    let stats;
    try {
      stats = await runScenario(scenario, { connections, warmupSeconds, seconds, overallRate, serverPid: serverPid ?? pidFor(key) });
    } catch (error) {
      report.rows.push({ key, label, skipped: `failed: ${error.message}` });
      report.failures.push(`${label}: the load generator failed (${error.message})`);
      return null;
    }
    const bad = addRow(key, label, stats, [note], stream);
    const cpu = stats.serverCpuUsPerReq === undefined ? "" : `, server ${Math.round(stats.serverCpuUsPerReq)} µs CPU/req`;
    log(`  ${Math.round(stats.rps)} req/s, p50 ${fmt(stats.p50)} ms, p99 ${fmt(stats.p99)} ms${cpu}${bad ? `, ${bad} WRONG ANSWERS` : ""}`);
    return stats;
  };
  const skip = (key, label, reason) => report.rows.push({ key, label, skipped: reason });

  // Rows whose ratios are the targets are measured in alternating slices (A, B, C, A, B, C,
  // ...): on a shared machine the speed drifts by tens of percent within minutes, and
  // slices spread that drift over every row alike. Each row sums its slices.
  const SLICES = quick ? 1 : 5;
  const measureAlternating = async (entries) => {
    const sliceSeconds = seconds / SLICES;
    for (const entry of entries) entry.slices = [];
    for (let slice = 0; slice < SLICES; slice++) {
      for (const entry of entries) {
        log(`${entry.label}${SLICES > 1 ? ` (slice ${slice + 1} of ${SLICES})` : ""}...`);
        try {
          entry.slices.push(
            await runScenario(entry.scenario, {
              connections,
              warmupSeconds: slice === 0 ? warmupSeconds : 0,
              seconds: sliceSeconds,
              serverPid: entry.serverPid ?? pidFor(entry.key),
            }),
          );
        } catch (error) {
          entry.failed = error;
        }
      }
    }
    return entries.map((entry) => {
      if (entry.failed) {
        report.rows.push({ key: entry.key, label: entry.label, skipped: `failed: ${entry.failed.message}` });
        report.failures.push(`${entry.label}: the load generator failed (${entry.failed.message})`);
        return null;
      }
      const stats = combineRuns(entry.slices);
      const slices = SLICES > 1 ? `${SLICES} × ${sliceSeconds} s slices alternating with the rows measured alongside; p50/p99 of the last slice` : null;
      const bad = addRow(entry.key, entry.label, stats, [slices, entry.note], entry.stream);
      const cpu = stats.serverCpuUsPerReq === undefined ? "" : `, server ${Math.round(stats.serverCpuUsPerReq)} µs CPU/req`;
      log(`  ${entry.label}: ${Math.round(stats.rps)} req/s${cpu}${bad ? `, ${bad} WRONG ANSWERS` : ""}`);
      return stats;
    });
  };
  const signetVerify = (tokens, kid, alg, url = signet.verifyUrl) => verifyScenario({ url, gatewayKey, projectId, kid, alg, tokens });
  const baselineVerify = (tokens, kid, alg, url = baseline.url) => verifyScenario({ url, path: "/verify", gatewayKey, projectId, kid, alg, tokens });

  // Load every route's modules and check the answers before any load.
  const esToken = signToken(keys.es, esKid, { sub: "bench-repeated" });
  const rsToken = signToken(keys.rs, rsKid, { sub: "bench-repeated" });
  const primers = [
    healthScenario({ url: signet.url }),
    signetVerify(esToken, esKid, "ES256"),
    signetVerify(rsToken, rsKid, "RS256"),
    forwardAuthScenario({ url: signet.verifyUrl, gatewayKey, projectId, kid: esKid, token: esToken }),
    baselineVerify(esToken, esKid, "ES256"),
  ];
  if (haproxy) primers.push(bearerScenario({ url: haproxy.url, tokens: { next: () => esToken } }));
  for (const scenario of primers) {
    await prime(scenario).catch((error) => {
      throw new Error(`a first answer is wrong, so the bench stops here: ${error.message}`);
    });
  }

  // Let V8 optimise Signet's request path before the first measured scenario (a cold JIT
  // would make whichever scenario runs first look slow).
  log("warming Signet up (verify, forward-auth)...");
  for (const scenario of primers.slice(1, 4)) {
    const warm = await runScenario(scenario, { connections, warmupSeconds: 0, seconds: quick ? 0.5 : 3 });
    if (badCount(warm)) report.failures.push(`warm-up of ${scenario.path}: ${badCount(warm)} wrong answers (first: ${warm.firstWrong})`);
  }

  // 1. The floor: the verify path refusing a wrong gateway key (body read, key check, 401:
  // everything but the verification). A Next.js route doing nothing is measured last: its
  // garbage keeps the collector busy for a while, which would tax whichever row came next.
  const floor = await measure(
    "signet.floor",
    "Signet verify, wrong X-Gateway-Key (401: the verify path without verifying)",
    verifyScenario({ url: signet.verifyUrl, gatewayKey: `not-${gatewayKey}`, projectId, kid: esKid, alg: "ES256", tokens: esToken, expectStatus: 401 }),
  );

  // 2. Per algorithm, back to back: Signet with one repeated token, Signet with distinct
  // tokens, the baseline, HAProxy. The floor's and the repeated token's rates bound
  // Signet's rate with distinct tokens, so they size the pool of distinct tokens (signed
  // here, between runs): Signet must never see a token twice there (a stream that runs
  // out wraps and says so).
  let esSignet = null;
  let esPool = null;
  const pools = {};
  for (const [alg, key, kid, token] of [
    ["ES256", keys.es, esKid, esToken],
    ["RS256", keys.rs, rsKid, rsToken],
  ]) {
    const a = alg === "ES256" ? "es" : "rs";
    // The floor's rate bounds Signet's rate with distinct tokens, so it sizes the pool.
    const perRun = Math.max(floor?.rps ?? 0, 2_000) * (warmupSeconds + seconds) * 1.5;
    // ES256 also feeds the half-rate runs and the usage on/off runs.
    const count = Math.ceil(Math.min(alg === "ES256" && !quick ? perRun * 3.2 : perRun, alg === "ES256" ? 600_000 : 250_000));
    log(`signing ${count.toLocaleString("en-US")} distinct ${alg} tokens...`);
    const pool = await generatePool(key, kid, count);
    pools[alg] = pool;
    if (alg === "ES256") esPool = pool;
    const signetStream = pool.stream("signet");
    const baseStream = pool.stream("baseline");
    const [, distinct] = await measureAlternating([
      { key: `signet.${a}.repeated`, label: `Signet verify, ${alg}, one repeated token`, scenario: signetVerify(token, kid, alg) },
      { key: `signet.${a}.distinct`, label: `Signet verify, ${alg}, distinct tokens`, scenario: signetVerify(signetStream, kid, alg), stream: signetStream },
      { key: `baseline.${a}.distinct`, label: `baseline node:http + jose, ${alg}, distinct`, scenario: baselineVerify(baseStream, kid, alg), stream: baseStream },
    ]);
    if (alg === "ES256") esSignet = distinct;
    const haStream = pool.stream("haproxy");
    if (haproxy) await measure(`haproxy.${a}.distinct`, `${haproxyLabel}, ${alg}, distinct`, bearerScenario({ url: haproxy.url, tokens: haStream }), { stream: haStream });
    else skip(`haproxy.${a}.distinct`, `HAProxy, ${alg}, distinct`, haproxySkip);
  }
  const esSignetStream = esPool.stream("signet");

  // 3. Forward-auth.
  await measure(
    "signet.fa.repeated",
    "Signet forward-auth, ES256, one repeated token",
    forwardAuthScenario({ url: signet.verifyUrl, gatewayKey, projectId, kid: esKid, token: esToken }),
  );
  // 3a. The same verification API on PORT, answered by the lean path in the thread that
  // also runs Next.js (how gateways reach Signet without INTERNAL_PORT).
  if (signet.verifyUrl !== signet.url) {
    await measure("signet.es.repeated.port", "Signet verify on PORT (the Next.js thread), ES256, one repeated token", signetVerify(esToken, esKid, "ES256", signet.url));
  }

  // 3b. What the lean path saves: a Next.js route that does nothing.
  await measure("signet.healthz", "Signet GET /healthz (a Next.js route doing nothing)", healthScenario({ url: signet.url }));

  // 4. p99 at half the max rate (distinct ES256).
  if (!quick && esSignet) {
    const rate = Math.max(1, Math.round(esSignet.rps / 2));
    const auto = await measure("signet.es.half.autocannon", `Signet verify, ES256 distinct, autocannon overallRate ${rate}/s`, signetVerify(esSignetStream, esKid, "ES256"), {
      overallRate: rate,
      stream: esSignetStream,
      note: "bursty: each connection sends its per-second quota back to back",
    });
    // The latency target is about the server, so the generator (a child process with only
    // one run's requests in its heap) gets a core of its own: each server on CPU 0, the
    // generator on CPU 1. Unpinned, the two took turns on both cores and the generator's
    // stalls landed in every server's p99 (docs/performance.md, finding 7). Signet and the
    // baseline are fresh instances started on CPU 0, as a one-core deployment would be,
    // without the first instances' history (the full-load rows' and /healthz's garbage),
    // and warmed alike. HAProxy keeps no such history: the running one is pinned for its runs.
    const targets = [];
    let freshFailed = null;
    if (pin) {
      log("starting a Signet and a baseline on CPU 0 for the paced rounds...");
      try {
        const oneCpuSignet = await startSignet({
          node: serverNode,
          port: await freePort(),
          internalPort: await internalPort(),
          databaseUrl: directDbUrl, // the same data (for the embedded DB: the first instance's)
          dataDir: path.join(tmp, "signet-data-paced"),
          gatewayKey,
          logFile: path.join(tmp, "signet-paced.log"),
          cpus: SERVER_CPU,
        });
        const signetStream = esPool.stream("signet-paced");
        const signetScenario = signetVerify(signetStream, esKid, "ES256", oneCpuSignet.verifyUrl);
        targets.push({ key: "signet.es.half.paced", label: "Signet verify", server: oneCpuSignet, stream: signetStream, scenario: signetScenario, fresh: true });
        const oneCpuBaseline = await startBaseline("baseline-paced", { cpus: SERVER_CPU });
        const baselineStream = esPool.stream("baseline-paced");
        const baselineScenario = baselineVerify(baselineStream, esKid, "ES256", oneCpuBaseline.url);
        targets.push({ key: "baseline.es.half.paced", label: "baseline", server: oneCpuBaseline, stream: baselineStream, scenario: baselineScenario, fresh: true });
        for (const target of targets) {
          // A fresh process warms up first (JIT, heap sizing) at full load, as the others
          // did in the rows before; its answers are checked like any row's.
          await prime(target.scenario);
          const warm = await runScenario(target.scenario, { connections, warmupSeconds: 0, seconds: 3 });
          if (badCount(warm)) throw new Error(`${badCount(warm)} wrong answers while warming ${target.label} up (first: ${warm.firstWrong})`);
        }
      } catch (error) {
        freshFailed = error;
      }
    } else {
      targets.push(
        { key: "signet.es.half.paced", label: "Signet verify", server: signet, stream: esSignetStream, scenario: signetVerify(esSignetStream, esKid, "ES256") },
        { key: "baseline.es.half.paced", label: "baseline", server: baseline, stream: esPool.stream("baseline"), scenario: baselineVerify(esPool.stream("baseline"), esKid, "ES256") },
      );
    }
    if (freshFailed) {
      for (const target of targets) target.failed = freshFailed;
      if (targets.length === 0) targets.push({ key: "signet.es.half.paced", label: "Signet verify", failed: freshFailed });
    }
    if (haproxy) targets.push({ key: "haproxy.es.half.paced", label: "HAProxy", server: haproxy, scenario: bearerScenario({ url: haproxy.url, tokens: esPool.stream("haproxy") }), pinEachRun: pin });
    // Rounds alternate the servers (A, B, C, A, B, C, ...), so that a burst of the host's
    // own work weighs on each alike; a server's p99 is taken over all of its rounds.
    const ROUNDS = 3;
    for (const target of targets) target.runs = [];
    // The first Signet and baseline are kept for the phases after this one: stopped (SIGSTOP)
    // meanwhile, so that their leftover work (the collector after the full-load rows and
    // /healthz's garbage, timers) does not land on either core while fresh ones are measured.
    const keptAside = targets.some((target) => target.fresh) ? [signet.pid, baseline.pid] : [];
    await whileStopped(keptAside, async (stopped) => {
      if (stopped.length) log(`stopped the first Signet and baseline (pids ${stopped.join(", ")}) for the paced rounds`);
      for (let round = 0; round < ROUNDS; round++) {
        for (const target of targets) {
          if (target.failed) continue;
          log(`${target.label}, ES256 distinct, paced open loop ${rate}/s (round ${round + 1} of ${ROUNDS})...`);
          const runRound = (onServerCpu) => {
            if (pin && !onServerCpu) target.pinFailed = true;
            return runPaced(target.scenario, {
              rate,
              // The first round warms longer: a server's first seconds at an even rate
              // still settle its heap after the full-load rows (or warm-up) before.
              warmupSeconds: round === 0 ? Math.max(warmupSeconds, seconds) : warmupSeconds,
              seconds,
              connections,
              serverPid: target.server.pid,
              serverCpu: onServerCpu ? SERVER_CPU : undefined,
              generatorCpus: pin ? GENERATOR_CPU : undefined,
            });
          };
          try {
            // Fresh instances were started on CPU 0; the others are pinned for this round only.
            target.runs.push(await (target.pinEachRun ? whilePinned(target.server.pid, SERVER_CPU, runRound) : runRound(pin && Boolean(target.fresh))));
          } catch (error) {
            target.failed = error;
          }
        }
      }
    });
    const halfRateRows = {};
    for (const target of targets) {
      const label = `${target.label}, ES256 distinct, paced open loop ${rate}/s`;
      if (target.failed || target.runs.length === 0) {
        report.rows.push({ key: target.key, label, skipped: `failed: ${target.failed?.message}` });
        report.failures.push(`${label}: ${target.failed?.message ?? "no run"}`);
        continue;
      }
      const stats = combineRuns(target.runs);
      const serverWhere = !pin ? "server unpinned" : target.pinFailed ? "server not pinned in every round" : target.fresh ? "server started on CPU 0" : "server pinned to CPU 0";
      const generatorWhere = target.runs.every((run) => run.generatorPinned) ? "generator on CPU 1" : "generator unpinned";
      const perSecond = (ms) => (ms === undefined ? "n/a" : `${(ms / stats.seconds).toFixed(0)} ms/s`);
      const host =
        stats.otherCpuMs === undefined
          ? ""
          : `; CPU 0 meanwhile: other processes ${perSecond(stats.otherCpuMs)}, the hypervisor's steal ${perSecond(stats.stealMs)}; the server's serving thread ready to run but waiting for CPU 0 (its own other threads included) ${perSecond(stats.serverRunQueueMs)}`;
      const rounds = `${ROUNDS} rounds × ${seconds} s alternating with the other servers; p50/p99 over all ${stats.requests.toLocaleString("en-US")} latencies (p99 per round: ${target.runs.map((run) => fmt(run.p99)).join(", ")} ms), each from the request's scheduled send time`;
      const aside = keptAside.length ? "; the first Signet and baseline stopped meanwhile" : "";
      addRow(target.key, label, stats, [rounds, `${serverWhere}, ${generatorWhere}${host}${aside}`], target.stream);
      log(`  ${label}: p50 ${fmt(stats.p50)} ms, p99 ${fmt(stats.p99)} ms (rounds ${target.runs.map((run) => fmt(run.p99)).join(", ")})`);
      halfRateRows[target.key] = stats;
    }
    for (const target of targets.filter((t) => t.fresh)) await target.server.stop();
    const controls = [
      { key: "baseline.es.half.paced", label: "the baseline (the Node ceiling on the same CPU)" },
      { key: "haproxy.es.half.paced", label: "HAProxy (the machine's and generator's floor)" },
    ]
      .filter((control) => halfRateRows[control.key])
      .map((control) => ({ label: control.label, stats: halfRateRows[control.key] }));
    report.halfRate = { rate, autocannon: auto, paced: halfRateRows["signet.es.half.paced"] ?? null, controls };
  }

  // 5. What usage recording costs: four more Signets, fresh and warmed alike, two counting
  // usage and two with SIGNET_DISABLE_USAGE=1, measured in alternating slices (on, off, on,
  // off, ...): drift on a shared machine then weighs on both sides the same, and none
  // carries the first instance's history (healthz garbage, later 10,000 projects).
  if (quick) {
    report.usageCost = "skipped (--quick)";
  } else if (!usageSwitch()) {
    report.usageCost = "n/a (no SIGNET_DISABLE_USAGE switch in lib/)";
  } else {
    // Two instances per side: a fresh process's speed varies by several percent with its
    // own JIT and heap history (one pair alone gave 0.90× to 1.05× across runs), and
    // two per side narrow that spread (by about √2).
    log("starting four more Signets (usage on ×2; SIGNET_DISABLE_USAGE=1 ×2)...");
    const sides = [];
    for (const [name, label, env] of [
      ["on-1", "usage on", {}],
      ["off-1", "SIGNET_DISABLE_USAGE=1", { SIGNET_DISABLE_USAGE: "1" }],
      ["on-2", "usage on", {}],
      ["off-2", "SIGNET_DISABLE_USAGE=1", { SIGNET_DISABLE_USAGE: "1" }],
    ]) {
      const instance = await startSignet({
        node: serverNode,
        port: await freePort(),
        internalPort: await internalPort(),
        databaseUrl: directDbUrl, // the same data (for the embedded DB: the first instance's)
        dataDir: path.join(tmp, `signet-data-usage-${name}`),
        gatewayKey,
        logFile: path.join(tmp, `signet-usage-${name}.log`),
        env,
      });
      const warm = signetVerify(esToken, esKid, "ES256", instance.verifyUrl);
      await prime(warm);
      await runScenario(warm, { connections, warmupSeconds: 0, seconds: 3 });
      const stream = esPool.stream(`usage-${name}`);
      sides.push({ name, label, instance, stream, scenario: signetVerify(stream, esKid, "ES256", instance.verifyUrl) });
    }
    const measured = await measureAlternating(
      sides.map((side) => ({
        key: `signet.es.distinct.usage-${side.name}`,
        label: `Signet verify, ES256 distinct, ${side.label} (fresh instance ${side.name.slice(-1)})`,
        scenario: side.scenario,
        stream: side.stream,
        serverPid: side.instance.pid,
      })),
    );
    for (const side of sides) await side.instance.stop();
    // Each side's two instances together.
    const together = (runs) => (runs.every(Boolean) ? combineRuns(runs) : null);
    const on = together([measured[0], measured[2]]);
    const off = together([measured[1], measured[3]]);
    const byCpu = on && off ? off.serverCpuUsPerReq / on.serverCpuUsPerReq : NaN;
    report.usageCost =
      !on || !off
        ? "n/a (a run failed)"
        : `${Math.round(on.rps)} / ${Math.round(off.rps)} req/s (on/off = ${(on.rps / off.rps).toFixed(2)}×; by server CPU per request ${byCpu.toFixed(2)}×; fresh instances alike differ by up to ±8 % among themselves)`;
  }

  // 5b. The same cost in process, where it can be resolved: counting one verification next
  // to verifying a distinct token, in one process (bench/in-process/usage-cost.bench.ts).
  log("usage recording in process (vitest bench)...");
  report.usageInProcess = measureUsageInProcess({ databaseUrl: directDbUrl, tmp, quick });
  if (report.usageInProcess.error) report.failures.push(`usage recording in process: ${report.usageInProcess.error}`);

  // 6. Scale: 10,000 projects × 25 keys.
  if (template) {
    log(`scale: seeding ${Number(opts["scale-projects"]).toLocaleString("en-US")} projects × 25 keys...`);
    const scale = await runScale({
      signet,
      directDbUrl,
      counter,
      userId: user.id,
      template,
      projectCount: Number(opts["scale-projects"]),
      coldSamples: quick ? 50 : 200,
      gatewayKey,
      log,
    });
    report.scale = scale.lines;
    if (scale.bad) report.failures.push(`scale: ${scale.bad} verifications did not answer 200 valid:true (first: ${scale.firstBad})`);
    for (const line of scale.lines.slice(2)) log(line);
  }

  // 6. The cost of usage recording, when Signet has a switch for it.

  report.tokens = `ES256 pool ${pools.ES256.size.toLocaleString("en-US")}, RS256 pool ${pools.RS256.size.toLocaleString("en-US")} (pre-signed; each server reads its own pass through them); repeated-token rows use one token`;
  report.notes.push(
    `Processes: Signet = one server process (scripts/start.mjs → the process holding the port)${opts["no-internal-port"] ? ", gateways' rows on PORT (the thread that runs Next.js)" : ", gateways' rows on its INTERNAL_PORT listener (a worker thread that never runs Next.js; the management API and /healthz on PORT, in the main thread)"}; baseline = one node:http process (jose verifies through WebCrypto, which runs on libuv's thread pool: on a second core when unpinned); HAProxy = nbthread 1; ${report.generator.process}. All share ${report.cores} cores${report.loadavg ? ` (load average ${report.loadavg} at start)` : ""}: read the ratios, not the absolute figures.`,
  );
  if (report.halfRate) {
    report.notes.push(
      "autocannon's overallRate is a per-connection quota per second sent back to back, so the server sees full-concurrency bursts for part of every second; the paced open-loop row sends at an even rate and is the one judged against the target.",
    );
  }

  const markdown = renderReport(report);
  console.log(markdown);
  const resultsDir = path.join(BENCH_DIR, "results");
  mkdirSync(resultsDir, { recursive: true });
  const base = quick ? "latest-quick" : "latest";
  writeFileSync(path.join(resultsDir, `${base}.md`), markdown);
  writeFileSync(path.join(resultsDir, `${base}.json`), JSON.stringify(report, null, 2));
  log(`written to bench/results/${base}.md`);
  if (report.failures.length) {
    console.error("\n[bench] ⚠⚠⚠ THE RUN HAD WRONG ANSWERS OR FAILED SCENARIOS:");
    for (const failure of report.failures) console.error(`[bench]   - ${failure}`);
    console.error(`[bench] Signet's log (tail):\n${tail(signetLog, 30)}`);
  }
  return report.failures.length ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`[bench] FAILED: ${error.stack ?? error.message}`);
  exitCode = 1;
} finally {
  await cleanupAll();
}
process.exit(exitCode);
