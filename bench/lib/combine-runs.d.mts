export interface RunStats {
  requests: number;
  seconds: number;
  rps?: number;
  p50?: number | null;
  p99?: number | null;
  latencies?: Float64Array;
  serverCpuUsPerReq?: number;
  serverCores?: number;
  clientCores?: number | null;
  non2xx?: number;
  wrong?: number;
  errors?: number;
  notSent?: number;
  warmupBad?: number;
  firstWrong?: string | null;
  otherCpuMs?: number;
  stealMs?: number;
  serverRunQueueMs?: number;
  generatorDelayP99?: number;
  [other: string]: unknown;
}
export function combineRuns(runs: RunStats[]): RunStats;
