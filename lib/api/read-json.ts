import { AppError } from "@/lib/errors";

export const MANAGEMENT_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Reads a JSON body with a size cap. Not JSON → 400, too large → 413;
 * an empty body is `undefined` when `optional`, else a 400.
 */
export async function readJson(
  request: Request,
  { maxBytes = MANAGEMENT_BODY_LIMIT_BYTES, optional = false }: { maxBytes?: number; optional?: boolean } = {},
): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readLimitedText(request, maxBytes);
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

async function readLimitedText(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/** A JSON body that must be an object (unknown fields are ignored by the schemas). */
export function asObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new AppError("bad_request", "The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}
