export const DEFAULT_BACKGROUND_NICE: number;
export function backgroundNice(env: Record<string, string | undefined>): number;
export function currentThreadId(): number | null;
export function lowerOtherThreads(options: { keep: number[]; increment: number }): number | null;
