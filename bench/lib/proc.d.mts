// Types for the parts of proc.mjs that TypeScript tests import.
export function busiestThread(pid: number): string | null;
export function runQueueWaitMs(pid: number, tid?: number | string): number | null;
export function whileStopped<T>(pids: number[], fn: (stopped: number[]) => Promise<T>): Promise<T>;
