// The report: one markdown document for stdout and bench/results/latest.md.

const fmt = (value, digits = 2) => (value === null || value === undefined || Number.isNaN(value) ? "–" : value.toFixed(digits));
const int = (value) => (value === null || value === undefined ? "–" : Math.round(value).toLocaleString("en-US"));

/** Wrong answers of a row: non-2xx, 2xx that failed the check (valid:false…), socket errors, warm-up misses. */
export function badCount(stats) {
  if (!stats) return 0;
  return stats.non2xx + stats.wrong + stats.errors + (stats.warmupBad ?? 0);
}

function row(entry) {
  if (entry.skipped) return `| ${entry.label} | ${entry.skipped} | | | | | |`;
  const s = entry.stats;
  const bad = badCount(s);
  const flags = [];
  if (s.warmupBad) flags.push(`${s.warmupBad} bad in warm-up`);
  if (entry.note) flags.push(entry.note);
  if (s.generatorDelayP99 !== undefined) flags.push(`generator's own event-loop delay p99 ${fmt(s.generatorDelayP99)} ms (worst round)`);
  if (s.notSent) flags.push(`${s.notSent} requests not sent: the run fell over 1 s behind the schedule (server or generator)`);
  if (s.notPinned) flags.push("⚠ server not pinned to CPU 0 in every run (taskset refused): measured unpinned");
  if (s.clientCores > 0.85) flags.push(`load generator busy (${s.clientCores.toFixed(2)} cores): the server may go faster`);
  const errors = `${s.non2xx} / ${s.wrong + s.errors}${bad ? " ⚠" : ""}`;
  const cpu = s.serverCpuUsPerReq === undefined ? "–" : `${int(s.serverCpuUsPerReq)} (${fmt(s.serverCores)})`;
  return `| ${entry.label} | ${int(s.rps)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${cpu} | ${errors} | ${flags.join("; ")} |`;
}

/** a/b of two rows' req/s, or null when either is missing. */
export function rateRatio(rows, a, b) {
  const x = rows.find((r) => r.key === a)?.stats;
  const y = rows.find((r) => r.key === b)?.stats;
  return x && y && y.rps > 0 ? x.rps / y.rps : null;
}

const verdict = (pass) => (pass === null ? "n/a" : pass ? "PASS" : "FAIL");

/** The same comparison by server CPU per request (b's CPU / a's CPU: > 1 means a is cheaper). */
export function cpuRatio(rows, a, b) {
  const x = rows.find((r) => r.key === a)?.stats?.serverCpuUsPerReq;
  const y = rows.find((r) => r.key === b)?.stats?.serverCpuUsPerReq;
  return x && y ? y / x : null;
}

export function ratioLines(report) {
  const { rows } = report;
  const lines = [];
  const times = (v) => (v === null ? "n/a" : `${fmt(v)}×`);
  const add = (label, a, b, target, pass) => {
    const value = rateRatio(rows, a, b);
    const judged = target ? verdict(value === null ? null : pass(value)) : "";
    lines.push(`| ${label} | ${times(value)} | ${times(cpuRatio(rows, a, b))} | ${target ?? ""} | ${judged} |`);
  };
  add("Signet / baseline, ES256 distinct", "signet.es.distinct", "baseline.es.distinct", "≥ 0.80×", (v) => v >= 0.8);
  add("Signet / baseline, RS256 distinct", "signet.rs.distinct", "baseline.rs.distinct");
  add("Signet / HAProxy, ES256 distinct", "signet.es.distinct", "haproxy.es.distinct");
  add("Signet / HAProxy, RS256 distinct", "signet.rs.distinct", "haproxy.rs.distinct");
  add("repeated / distinct, ES256", "signet.es.repeated", "signet.es.distinct", "≥ 3×", (v) => v >= 3);
  add("repeated / distinct, RS256", "signet.rs.repeated", "signet.rs.distinct");
  add("Signet ES256 distinct / a Next.js route doing nothing (GET /healthz)", "signet.es.distinct", "signet.healthz");
  return lines;
}

const cpuOf = (rows, key) => rows.find((r) => r.key === key)?.stats?.serverCpuUsPerReq ?? null;

/** Server CPU per request, split into the framework floor, crypto, and the rest. */
function whereTimeGoes(report) {
  const { rows, raw } = report;
  const floor = cpuOf(rows, "signet.floor");
  const lines = ["## Where the time goes (server CPU per request; robust to a busy machine)", ""];
  lines.push("| | Signet ES256 | baseline ES256 | HAProxy ES256 | Signet RS256 | baseline RS256 | HAProxy RS256 |", "|---|---:|---:|---:|---:|---:|---:|");
  const cols = ["signet.es.distinct", "baseline.es.distinct", "haproxy.es.distinct", "signet.rs.distinct", "baseline.rs.distinct", "haproxy.rs.distinct"];
  const cell = (v) => (v === null ? "–" : `${int(v)} µs`);
  lines.push(`| CPU per distinct-token request | ${cols.map((k) => cell(cpuOf(rows, k))).join(" | ")} |`);
  const crypto = { ES256: 1e6 / raw.ES256, RS256: 1e6 / raw.RS256 };
  lines.push(`| the signature check alone (raw node:crypto, one core, best slice) | ${cell(crypto.ES256)} | | | ${cell(crypto.RS256)} | | |`);
  if (floor !== null) {
    lines.push(`| of which the verify path's floor (same request, wrong gateway key: 401) | ${cell(floor)} | | | ${cell(floor)} | | |`);
    const rest = (k, alg) => {
      const total = cpuOf(rows, k);
      return total === null ? null : total - floor - crypto[alg];
    };
    const restCell = (v) => (v !== null && v < 0 ? "≈ 0 (within noise)" : cell(v));
    lines.push(`| the rest (JSON, project and key lookup, token cache, claims, answer) | ${restCell(rest("signet.es.distinct", "ES256"))} | | | ${restCell(rest("signet.rs.distinct", "RS256"))} | | |`);
  }
  return lines;
}

export function renderReport(report) {
  const out = [];
  out.push(`# Signet verification benchmark${report.quick ? " (--quick)" : ""}`, "");
  out.push(`- date: ${report.date}`);
  out.push(`- commit: ${report.commit}${report.dirty ? " (work tree has uncommitted changes)" : ""}`);
  out.push(`- node: ${report.node}; CPU: ${report.cpu} × ${report.cores}; load average at start: ${report.loadavg}`);
  out.push(`- database: ${report.database}`);
  out.push(
    `- load: ${report.generator?.name ?? "autocannon"}, ${report.connections} connections, pipelining 1, ${report.warmupSeconds} s warm-up + ${report.seconds} s measured per scenario; every answer checked`,
  );
  out.push(`- tokens: ${report.tokens}`);
  if (report.quick) out.push("- **--quick is a smoke test**: 1 s per scenario, V8 has not optimised the request path yet; the figures are not representative");
  out.push("");
  if (report.failures.length) {
    out.push("## ⚠ RUN HAS ERRORS — figures below are not trustworthy", "");
    for (const failure of report.failures) out.push(`- ${failure}`);
    out.push("");
  }
  out.push("## Throughput and latency", "");
  out.push("| scenario | req/s | p50 ms | p99 ms | server CPU µs/req (cores) | wrong: non-2xx / other | notes |");
  out.push("|---|---:|---:|---:|---:|---:|---|");
  for (const entry of report.rows) out.push(row(entry));
  out.push("", "## Ratios and targets (informational)", "");
  out.push("| ratio | by req/s | by server CPU per request | target | |", "|---|---:|---:|---|---|");
  out.push(...ratioLines(report));
  const half = report.halfRate;
  if (half) {
    out.push(
      `| p99 at half the max rate (${int(half.rate)} req/s, paced open loop) | ${half.paced ? `${fmt(half.paced.p99)} ms` : "n/a"} | | ≤ 5 ms | ${verdict(half.paced ? half.paced.p99 <= 5 : null)} |`,
    );
    for (const control of half.controls ?? []) {
      out.push(`| same schedule against ${control.label} | ${fmt(control.stats.p99)} ms | | | |`);
    }
    out.push(
      `| p99 with autocannon overallRate = ${int(half.rate)} (bursty, see notes) | ${half.autocannon ? `${fmt(half.autocannon.p99)} ms` : "n/a"} | | | |`,
    );
  } else {
    out.push("| p99 at half the max rate | skipped | | ≤ 5 ms | n/a |");
  }
  const inProcess = report.usageInProcess;
  out.push(
    inProcess && !inProcess.error
      ? `| usage recording cost, in process: counting one verification / verifying a distinct ES256 token (no HTTP; bounds the share of a request from above) | ${(100 * inProcess.share).toFixed(2)} % (${inProcess.countUs.toFixed(2)} µs / ${inProcess.verifyUs.toFixed(1)} µs) | | < 5 % | ${verdict(inProcess.share < 0.05)} |`
      : `| usage recording cost, in process | ${inProcess?.error ?? "n/a"} | | < 5 % | n/a |`,
  );
  out.push(`| usage recording cost over HTTP (ES256 distinct, usage on / off, two fresh instances per side) | ${report.usageCost ?? "n/a"} | | | |`);
  out.push("", ...whereTimeGoes(report));
  out.push("", "## Context", "");
  out.push(`- raw node:crypto verify on one core (best of five slices of a tight loop): ES256 ${int(report.raw.ES256)}/s, RS256 ${int(report.raw.RS256)}/s`);
  for (const note of report.notes) out.push(`- ${note}`);
  if (report.scale) out.push("", ...report.scale);
  out.push("");
  return out.join("\n");
}
