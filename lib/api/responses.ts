import { AppError, ERROR_STATUS, isAppError, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/logger";

const NO_STORE = { "Cache-Control": "no-store" };

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { ...NO_STORE, ...headers } });
}

export function errorResponse(code: ErrorCode, message: string, extra: { headers?: Record<string, string>; details?: unknown } = {}) {
  const body: { error: { code: string; message: string; details?: unknown } } = { error: { code, message } };
  if (extra.details !== undefined) body.error.details = extra.details;
  return json(body, ERROR_STATUS[code], extra.headers);
}

/** Maps anything thrown by domain code to the management API's error shape. */
export function responseForError(error: unknown, route: string): Response {
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    if (error.retryAfter) headers["Retry-After"] = String(error.retryAfter);
    return errorResponse(error.code, error.message, { headers, details: error.details });
  }
  logger.error({ route, err: error }, "unhandled error in API route");
  return errorResponse("internal_error", "Something went wrong on our side. Try again; if it persists, check the server logs.");
}

export { AppError };
