// Captures what the process's real logger (lib/logger.ts) writes, after redaction and
// serialisation, by pointing its destination at memory for the duration of a test.
import pino from "pino";
import { logger } from "@/lib/logger";

export interface CapturedLogs {
  /** Every JSON line written since the capture began. */
  lines: string[];
  restore(): void;
}

export function captureLogs(): CapturedLogs {
  const target = logger as unknown as Record<symbol, unknown>;
  const stream = target[pino.symbols.streamSym];
  const level = logger.level;
  const lines: string[] = [];
  // pino reads its destination from this symbol on every write; child loggers inherit it.
  target[pino.symbols.streamSym] = { write: (line: string) => void lines.push(line) };
  logger.level = "trace";
  return {
    lines,
    restore() {
      target[pino.symbols.streamSym] = stream;
      logger.level = level;
    },
  };
}
