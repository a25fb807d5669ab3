import { AppError } from "@/lib/errors";
import { readLimitedBody } from "./read-limited-body";

export const MANAGEMENT_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Reads a JSON body with a size cap. Not JSON → 400, too large → 413;
 * an empty body is `undefined` when `optional`, else a 400.
 */
export async function readJson(
  request: Request,
  { maxBytes = MANAGEMENT_BODY_LIMIT_BYTES, optional = false }: { maxBytes?: number; optional?: boolean } = {},
): Promise<unknown> {
  const text = await readLimitedBody(request, maxBytes);
  if (text === null) throw tooLarge(maxBytes);
  if (text.trim() === "") {
    if (optional) return undefined;
    throw new AppError("bad_request", "The request body must be a JSON object.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}

function tooLarge(maxBytes: number) {
  return new AppError("payload_too_large", `The request body is larger than ${Math.round(maxBytes / 1024)} KiB.`);
}

/** A JSON body that must be an object (unknown fields are ignored by the schemas). */
export function asObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new AppError("bad_request", "The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}
