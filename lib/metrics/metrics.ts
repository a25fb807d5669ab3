import type { ServiceResponse } from "@/lib/verify/service-response";
import { FAILURE_REASONS, type FailureReason, type Verdict } from "@/lib/verify/types";

// What the verification hot path counts, in typed arrays: an observation is a few
// array writes (nanoseconds), where a labelled prom-client metric costs about half a
// microsecond. /metrics reads these through lib/metrics/registry.ts. No prom-client
// import here, so the Next bundle that serves verifications does not load it.

export const ENDPOINTS = ["verify", "forward_auth"] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export const VERIFICATION_RESULTS = ["valid", ...FAILURE_REASONS] as const;
export type VerificationResult = "valid" | FailureReason;

/** Answers that are not a verdict, by the `error.code` they carry (413 is told apart from 400). */
export const REJECTION_CODES = [
  "bad_request",
  "payload_too_large",
  "gateway_unauthorized",
  "rate_limited",
  "service_unavailable",
  "internal_error",
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** Upper bounds in seconds: answers from memory take tens of microseconds, a cold project a query. */
export const LATENCY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

const BUCKET_SLOTS = LATENCY_BUCKETS.length + 1; // the last slot is +Inf
const RESULT_INDEX = new Map<string, number>(VERIFICATION_RESULTS.map((result, i) => [result, i]));
const ENDPOINT_INDEX: Record<Endpoint, number> = { verify: 0, forward_auth: 1 };
const REJECTION_BY_STATUS: Readonly<Record<number, RejectionCode>> = {
  400: "bad_request",
  401: "gateway_unauthorized",
  413: "payload_too_large",
  429: "rate_limited",
  500: "internal_error",
  503: "service_unavailable",
};
const REJECTION_INDEX = new Map<string, number>(REJECTION_CODES.map((code, i) => [code, i]));

interface HotPathState {
  verifications: Float64Array;
  buckets: Float64Array;
  latencySums: Float64Array;
  rejections: Float64Array;
}

// On globalThis: the instrumentation bundle (which answers verifications) and the
// /metrics route bundle each get their own copy of this module.
const globalForMetrics = globalThis as unknown as { signetHotPathMetrics?: HotPathState };

function state(): HotPathState {
  globalForMetrics.signetHotPathMetrics ??= {
    verifications: new Float64Array(ENDPOINTS.length * VERIFICATION_RESULTS.length),
    buckets: new Float64Array(ENDPOINTS.length * BUCKET_SLOTS),
    latencySums: new Float64Array(ENDPOINTS.length),
    rejections: new Float64Array(ENDPOINTS.length * REJECTION_CODES.length),
  };
  return globalForMetrics.signetHotPathMetrics;
}

/**
 * Counts one verdict and its server time (from the request's start to its answer).
 * `result` is "valid" or the failure reason. O(1), no allocation, never throws.
 */
export function observeVerification(result: VerificationResult, seconds: number, endpoint: Endpoint = "verify"): void {
  const resultIndex = RESULT_INDEX.get(result);
  const endpointIndex = ENDPOINT_INDEX[endpoint];
  if (resultIndex === undefined || endpointIndex === undefined) return;
  const metrics = state();
  metrics.verifications[endpointIndex * VERIFICATION_RESULTS.length + resultIndex]! += 1;
  if (!(seconds >= 0)) return; // NaN or negative: count the verdict, not the time
  let slot = 0;
  while (slot < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[slot]!) slot += 1;
  metrics.buckets[endpointIndex * BUCKET_SLOTS + slot]! += 1;
  metrics.latencySums[endpointIndex]! += seconds;
}

/** The result label of a verdict: "valid" (enforced or not) or its failure reason. */
export function verdictResult(verdict: Verdict): VerificationResult {
  return verdict.valid ? "valid" : verdict.error.reason;
}

/** Seconds since `startedAt`, a `performance.now()` reading taken when the request began. */
export function secondsSince(startedAt: number): number {
  return (performance.now() - startedAt) / 1000;
}

/**
 * Counts an answer that is not a verdict (400, 401 gateway, 413, 429, 500, 503) and returns it
 * unchanged, so a handler can write `return countRejection("verify", gatewayUnauthorized())`.
 */
export function countRejection(endpoint: Endpoint, response: ServiceResponse): ServiceResponse {
  const code = REJECTION_BY_STATUS[response.status];
  const endpointIndex = ENDPOINT_INDEX[endpoint];
  const codeIndex = code === undefined ? undefined : REJECTION_INDEX.get(code);
  if (codeIndex !== undefined && endpointIndex !== undefined) {
    state().rejections[endpointIndex * REJECTION_CODES.length + codeIndex]! += 1;
  }
  return response;
}

export interface HotPathSnapshot {
  verifications: Array<{ endpoint: Endpoint; result: VerificationResult; count: number }>;
  latency: Array<{ endpoint: Endpoint; buckets: number[]; count: number; sum: number }>;
  rejections: Array<{ endpoint: Endpoint; code: RejectionCode; count: number }>;
}

/** A copy of the counters (for /metrics and tests). Series never seen are left out, except latency. */
export function readHotPathMetrics(): HotPathSnapshot {
  const metrics = state();
  const snapshot: HotPathSnapshot = { verifications: [], latency: [], rejections: [] };
  ENDPOINTS.forEach((endpoint, e) => {
    VERIFICATION_RESULTS.forEach((result, r) => {
      const count = metrics.verifications[e * VERIFICATION_RESULTS.length + r]!;
      if (count > 0) snapshot.verifications.push({ endpoint, result, count });
    });
    const slots = Array.from(metrics.buckets.subarray(e * BUCKET_SLOTS, (e + 1) * BUCKET_SLOTS));
    const count = slots.reduce((total, n) => total + n, 0);
    snapshot.latency.push({ endpoint, buckets: slots.slice(0, LATENCY_BUCKETS.length), count, sum: metrics.latencySums[e]! });
    REJECTION_CODES.forEach((code, c) => {
      const rejected = metrics.rejections[e * REJECTION_CODES.length + c]!;
      if (rejected > 0) snapshot.rejections.push({ endpoint, code, count: rejected });
    });
  });
  return snapshot;
}
