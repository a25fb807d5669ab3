import type { RunSummary } from "./recorder.mjs";

export interface TokenStream {
  pool: { alg: string; size: number; longest: number; token(index: number): string };
  cursor: number;
  wrapped: number;
  used: number;
  next(): string;
  advance(count: number): void;
}
export interface WrkScenario {
  url: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  wrk?: { tokens: { stream: TokenStream; prefix: string; suffix?: string; header?: string } };
  expect: { status: number; bodyIncludes?: string[]; header?: [string, string]; json?: Record<string, unknown> };
}
export function detectWrk(): string | null;
export function toLua(value: unknown): string;
export function wrkExpect(expect: WrkScenario["expect"]): { status: number; includes: string[]; header?: [string, string] };
export function childCpuMs(timesOutput: string): number | null;
export function wrkRun(scenario: WrkScenario, options: { connections: number; seconds: number; dir: string; cpus?: string }): Promise<RunSummary & { clientCores: number | null }>;
