export interface RunSummary {
  requests: number;
  rps: number;
  p50: number | null;
  p99: number | null;
  non2xx: number;
  wrong: number;
  errors: number;
  firstWrong: string | null;
  seconds: number;
}
export class Recorder {
  latency(ms: number): void;
  answer(ok: boolean, status: number, detail?: unknown): void;
  percentile(p: number): number | null;
  recorded(): Float64Array;
  summary(seconds: number, errors?: number): RunSummary;
}
export function percentileOf(sorted: Float64Array, p: number): number | null;
export function pooledLatencies(arrays: Float64Array[]): Float64Array;
