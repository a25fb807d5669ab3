import { logger } from "@/lib/logger";
import { countRejection, observeVerification, secondsSince, verdictResult, type Endpoint } from "@/lib/metrics/metrics";
import { checkGatewayAccess } from "./gateway-rate-limit";
import { getKeyCache, type KeyCache } from "./key-cache";
import {
  errorResponse,
  internalError,
  JSON_HEADERS,
  serviceUnavailable,
  type RequestHeaders,
  type ServiceResponse,
} from "./service-response";
import { FAILURE_MESSAGES, FAILURE_REASONS, JSON_RPC_ERROR_CODE, type FailureReason, type ProjectSnapshot, type Verdict, type VerifyInput } from "./types";
import { recordVerification, VALID_RESULT } from "./usage-recorder";
import { getVerifiedTokenCache } from "./verified-token-cache";

// POST /api/internal/verify, independent of the HTTP server (VERIFY-API.md §2a).
// When the project is cached the whole request is synchronous: parse, look up,
// verify, count, serialise.

export const VERIFY_BODY_LIMIT_BYTES = 64 * 1024;

const OPTIONAL_STRING_FIELDS = ["token", "audience", "method", "body", "bodySha256"] as const;

/** A verdict's HTTP error object, serialised once per reason. */
const ERROR_JSON = Object.fromEntries(
  FAILURE_REASONS.map((reason) => [
    reason,
    JSON.stringify({ code: JSON_RPC_ERROR_CODE, reason, message: FAILURE_MESSAGES[reason] }),
  ]),
) as Record<FailureReason, string>;

export interface VerifyServiceRequest {
  headers: RequestHeaders;
  /** The raw body, or null when the transport stopped reading it because it exceeded the limit. */
  bodyText: string | null;
  /** The TCP peer, for the wrong-gateway-key rate limit (scripts/server.mjs passes req.socket.remoteAddress). */
  remoteAddress?: string | null;
  /** For tests and for a second instance; defaults to this process's cache. */
  cache?: KeyCache;
}

type MaybePromise<T> = T | Promise<T>;

/**
 * Answers one verify request. Returns synchronously when the project is in memory,
 * else a promise (one shared load per project). Never throws.
 */
export function handleVerifyRequest(request: VerifyServiceRequest): MaybePromise<ServiceResponse> {
  const startedAt = performance.now();
  try {
    const denied = checkGatewayAccess(request);
    if (denied) return countRejection("verify", denied);
    const parsed = parseVerifyBody(request.bodyText);
    if ("status" in parsed) return countRejection("verify", parsed);
    const cache = request.cache ?? getKeyCache();
    const snapshot = cache.lookup(parsed.project);
    if (snapshot === null || !(snapshot instanceof Promise)) return answer(parsed.project, snapshot, parsed.input, startedAt);
    return snapshot.then(
      (loaded) => answer(parsed.project, loaded, parsed.input, startedAt),
      () => countRejection("verify", serviceUnavailable()),
    );
  } catch (error) {
    logger.error({ err: error }, "verify request failed unexpectedly");
    return countRejection("verify", internalError());
  }
}

interface ParsedVerifyRequest {
  project: string;
  input: VerifyInput;
}

const badRequest = (message: string) => errorResponse(400, "bad_request", message);

/** Validates the body by hand: a schema library costs more than the verification itself here. */
export function parseVerifyBody(bodyText: string | null): ParsedVerifyRequest | ServiceResponse {
  if (bodyText === null || exceedsLimit(bodyText)) {
    return errorResponse(413, "bad_request", `The request body is larger than ${VERIFY_BODY_LIMIT_BYTES / 1024} KiB.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return badRequest("The request body is not valid JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return badRequest("The request body must be a JSON object.");
  }
  const fields = body as Record<string, unknown>;
  const project = fields.project;
  if (typeof project !== "string") return badRequest("`project` (the project id) is required and must be a string.");
  for (const name of OPTIONAL_STRING_FIELDS) {
    const value = fields[name];
    if (value !== undefined && value !== null && typeof value !== "string") {
      return badRequest(`\`${name}\` must be a string when present.`);
    }
  }
  return {
    project,
    input: {
      token: fields.token as string | null | undefined,
      audience: fields.audience as string | null | undefined,
      method: fields.method as string | null | undefined,
      body: fields.body as string | null | undefined,
      bodySha256: fields.bodySha256 as string | null | undefined,
    },
  };
}

function exceedsLimit(text: string): boolean {
  // A UTF-16 unit is 1–3 UTF-8 bytes: only count the bytes when it could go either way.
  if (text.length > VERIFY_BODY_LIMIT_BYTES) return true;
  if (text.length * 3 <= VERIFY_BODY_LIMIT_BYTES) return false;
  return Buffer.byteLength(text, "utf8") > VERIFY_BODY_LIMIT_BYTES;
}

function answer(projectId: string, snapshot: ProjectSnapshot | null, input: VerifyInput, startedAt: number): ServiceResponse {
  const nowMs = Date.now();
  const verdict = getVerifiedTokenCache().verify(projectId, snapshot, input, nowMs / 1000);
  const body = serializeVerdict(verdict);
  countVerdict(verdict, nowMs, "verify", startedAt);
  return { status: 200, headers: JSON_HEADERS, body };
}

/** Usage counters (an unknown project has no row to count against) and the verdict metrics. */
export function countVerdict(verdict: Verdict, nowMs: number, endpoint: Endpoint, startedAt: number): void {
  observeVerification(verdictResult(verdict), secondsSince(startedAt), endpoint);
  if (verdict.valid) {
    recordVerification(verdict.projectId, verdict.enforced ? verdict.kid : "", VALID_RESULT, nowMs);
  } else if (verdict.error.reason !== "unknown_project") {
    recordVerification(verdict.projectId, verdict.kid ?? "", verdict.error.reason, nowMs);
  }
}

/** JSON of the shared, frozen pass verdicts that the verified-token cache hands out again and again. */
const SERIALIZED_PASSES = new WeakMap<Verdict, string>();

/** The verdict as VERIFY-API.md §2a shows it: a failure's internal `kid` is left out. */
export function serializeVerdict(verdict: Verdict): string {
  if (verdict.valid) {
    if (!Object.isFrozen(verdict)) return JSON.stringify(verdict);
    let json = SERIALIZED_PASSES.get(verdict);
    if (json === undefined) {
      json = JSON.stringify(verdict);
      SERIALIZED_PASSES.set(verdict, json);
    }
    return json;
  }
  return `{"valid":false,"enforced":true,"projectId":${JSON.stringify(verdict.projectId)},"error":${ERROR_JSON[verdict.error.reason]}}`;
}
