import { addMetricsPeer, readLocalMetrics } from "@/lib/metrics/peer-metrics";
import { onProjectChanged, projectChanged } from "@/lib/projects/project-events";
import { handleForwardAuthRequest } from "./forward-auth";
import { flushBeforeExit } from "./runtime";
import { errorResponse } from "./service-response";
import { handleVerifyRequest, VERIFY_BODY_LIMIT_BYTES } from "./verify-service";

/**
 * The verification API's handlers, published for the server scripts, which answer
 * /api/internal/* on plain node:http before Next's request pipeline (the hot path:
 * Next's routing costs more than the verification). Published from the Next bundle
 * itself, so the lean path and the Next routes share one key cache and one usage
 * recorder, and the INTERNAL_PORT thread (scripts/internal-api-worker.mjs), which loads
 * the same compiled bundle without Next, runs the same verification code.
 */
export const INTERNAL_API_SYMBOL = Symbol.for("signet.internalApi");

export interface InternalApi {
  handleVerifyRequest: typeof handleVerifyRequest;
  handleForwardAuthRequest: typeof handleForwardAuthRequest;
  verifyBodyLimitBytes: number;
  /** The API's error shape, for the answers the server scripts give themselves (404, 405). */
  errorResponse: typeof errorResponse;
  /** The server thread forwards this thread's key and policy changes to the INTERNAL_PORT thread... */
  onProjectChanged: typeof onProjectChanged;
  /** ...which applies them to its own key cache here. */
  projectChanged: typeof projectChanged;
  /** /metrics (server thread) adds the INTERNAL_PORT thread's reading... */
  addMetricsPeer: typeof addMetricsPeer;
  /** ...which that thread takes here. */
  readLocalMetrics: typeof readLocalMetrics;
  /** That thread gets no signals: it writes its pending usage through this before it ends. */
  flushBeforeExit: typeof flushBeforeExit;
}

export function publishInternalApi(): void {
  (globalThis as Record<symbol, unknown>)[INTERNAL_API_SYMBOL] = {
    handleVerifyRequest,
    handleForwardAuthRequest,
    verifyBodyLimitBytes: VERIFY_BODY_LIMIT_BYTES,
    errorResponse,
    onProjectChanged,
    projectChanged,
    addMetricsPeer,
    readLocalMetrics,
    flushBeforeExit,
  } satisfies InternalApi;
}
