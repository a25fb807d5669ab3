import { handleForwardAuthRequest } from "./forward-auth";
import { handleVerifyRequest, VERIFY_BODY_LIMIT_BYTES } from "./verify-service";

/**
 * The verification API's handlers, published for scripts/server.mjs, which answers
 * /api/internal/* on plain node:http before Next's request pipeline (the hot path:
 * Next's routing costs more than the verification). Published from the Next bundle
 * itself, so both paths share one key cache and one usage recorder.
 */
export const INTERNAL_API_SYMBOL = Symbol.for("signet.internalApi");

export interface InternalApi {
  handleVerifyRequest: typeof handleVerifyRequest;
  handleForwardAuthRequest: typeof handleForwardAuthRequest;
  verifyBodyLimitBytes: number;
}

export function publishInternalApi(): void {
  (globalThis as Record<symbol, unknown>)[INTERNAL_API_SYMBOL] = {
    handleVerifyRequest,
    handleForwardAuthRequest,
    verifyBodyLimitBytes: VERIFY_BODY_LIMIT_BYTES,
  } satisfies InternalApi;
}
