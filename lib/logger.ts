import pino from "pino";

// Structured JSON logs. Secrets never belong in a log line: the paths below are
// redacted wherever they appear, and code logs ids and reasons, never inputs.
export const REDACTED_PATHS = [
  "password",
  "passwordHash",
  "token",
  "publicKey",
  "privateKey",
  "secret",
  "authorization",
  "cookie",
  "*.password",
  "*.passwordHash",
  "*.token",
  "*.publicKey",
  "*.privateKey",
  "*.secret",
  "*.authorization",
  "*.cookie",
  "*.body",
  "headers.authorization",
  "headers.cookie",
  'headers["x-gateway-key"]',
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-gateway-key"]',
  // Two levels down (e.g. an error's request headers), and the gateway key wherever it sits.
  "*.*.password",
  "*.*.passwordHash",
  "*.*.token",
  "*.*.privateKey",
  "*.*.secret",
  "*.*.authorization",
  "*.*.cookie",
  '["x-gateway-key"]',
  '*["x-gateway-key"]',
  '*.*["x-gateway-key"]',
];

const globalForLogger = globalThis as unknown as { signetLogger?: pino.Logger };

export const logger: pino.Logger =
  globalForLogger.signetLogger ??
  (globalForLogger.signetLogger = pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { service: "signet" },
    timestamp: pino.stdTimeFunctions.isoTime,
    // "level":"info", like the start script's own lines.
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    serializers: { err: pino.stdSerializers.err },
  }));
