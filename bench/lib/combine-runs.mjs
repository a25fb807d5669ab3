// Several load runs reported as one row.
import { percentileOf, pooledLatencies } from "./recorder.mjs";

/**
 * Several runs as one (a row's slices, one side's instances, or paced rounds): counts
 * summed, req/s over the summed time, CPU per request over the summed requests; p50/p99
 * over every latency when the runs kept them (the paced generator), else of the last run.
 */
export function combineRuns(runs) {
  const sum = (pick) => runs.reduce((total, stats) => total + (pick(stats) ?? 0), 0);
  // A figure some runs could not read (not on Linux, say) is left out, not summed as 0.
  const sumOfAll = (name) => (runs.every((stats) => stats[name] !== undefined) ? sum((stats) => stats[name]) : undefined);
  const pooled = runs.every((stats) => stats.latencies) ? pooledLatencies(runs.map((stats) => stats.latencies)) : null;
  const requests = sum((stats) => stats.requests);
  const elapsed = sum((stats) => stats.seconds);
  const hasCpu = runs.every((stats) => stats.serverCpuUsPerReq !== undefined);
  return {
    ...runs.at(-1),
    ...(pooled ? { p50: percentileOf(pooled, 50), p99: percentileOf(pooled, 99), latencies: undefined } : {}),
    requests,
    seconds: elapsed,
    rps: requests / elapsed,
    serverCpuUsPerReq: hasCpu ? sum((stats) => stats.serverCpuUsPerReq * stats.requests) / requests : undefined,
    serverCores: hasCpu ? sum((stats) => stats.serverCores * stats.seconds) / elapsed : undefined,
    // null: a generator that spins, whose CPU says nothing about its load.
    clientCores: runs.some((stats) => stats.clientCores === null) ? null : sum((stats) => stats.clientCores * stats.seconds) / elapsed,
    non2xx: sum((stats) => stats.non2xx),
    wrong: sum((stats) => stats.wrong),
    errors: sum((stats) => stats.errors),
    notSent: sum((stats) => stats.notSent),
    warmupBad: sum((stats) => stats.warmupBad),
    firstWrong: runs.find((stats) => stats.firstWrong)?.firstWrong,
    notPinned: runs.some((stats) => stats.notPinned),
    otherCpuMs: sumOfAll("otherCpuMs"),
    stealMs: sumOfAll("stealMs"),
    serverRunQueueMs: sumOfAll("serverRunQueueMs"),
    generatorDelayP99: runs.every((stats) => stats.generatorDelayP99 !== undefined) ? Math.max(...runs.map((stats) => stats.generatorDelayP99)) : undefined,
  };
}
