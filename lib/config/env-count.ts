import { logger } from "@/lib/logger";

export interface EnvCountOptions {
  /** Used when the variable is unset, empty, not a whole number, or below `min`. */
  fallback: number;
  min?: number;
  /** Larger values are capped here: some counts size memory up front (an LRU's arrays), and 1e9 would abort the process. */
  max: number;
}

/**
 * A whole-number setting from the environment. An operator's typo must not take the
 * service down or silently mean something else: a value that is not a whole number
 * (as JavaScript's Number() reads it, so "1e3" is 1000) or is below `min` falls back
 * to the default, one beyond `max` is capped, and both say so in the log.
 */
export function envCount(name: string, { fallback, min = 0, max }: EnvCountOptions, env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    logger.warn({ setting: name, min, max, used: fallback }, "setting is not a whole number in range; using the default");
    return fallback;
  }
  if (value > max) {
    logger.warn({ setting: name, max, used: max }, "setting is above its maximum; capped");
    return max;
  }
  return value;
}
