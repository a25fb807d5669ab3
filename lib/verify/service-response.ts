// The transport-agnostic request/response shapes of the verification API, so the
// Next routes and a leaner node:http server can share one implementation.

export interface ServiceResponse {
  status: number;
  /** May be a shared, frozen object: copy before changing. */
  headers: Readonly<Record<string, string>>;
  /** Already serialised; "" for an empty body. */
  body: string;
}

/** A fetch `Headers`, or node:http's `IncomingHttpHeaders` (lower-case names). */
export type RequestHeaders = { get(name: string): string | null } | Readonly<Record<string, string | string[] | undefined>>;

/** One header's value (`name` in lower case); repeated headers are joined with ", " as fetch does. */
export function headerOf(headers: RequestHeaders, name: string): string | null {
  if (typeof headers.get === "function") return (headers as { get(name: string): string | null }).get(name);
  const value = (headers as Readonly<Record<string, string | string[] | undefined>>)[name];
  if (value === undefined) return null;
  return typeof value === "string" ? value : value.join(", ");
}

export const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "Content-Type": "application/json",
  "Cache-Control": "no-store",
});

/** The management-style error shape: `{"error": {"code", "message"}}`. */
export function errorResponse(status: number, code: string, message: string, extraHeaders: Record<string, string> = {}): ServiceResponse {
  return { status, headers: { ...JSON_HEADERS, ...extraHeaders }, body: JSON.stringify({ error: { code, message } }) };
}

export const gatewayUnauthorized = () =>
  errorResponse(401, "gateway_unauthorized", "Send one of the configured GATEWAY_KEYS in the X-Gateway-Key header.");

export const serviceUnavailable = () =>
  errorResponse(
    503,
    "service_unavailable",
    "The database is unreachable and this project is not in memory yet; retry shortly.",
    { "Retry-After": "1" },
  );

export function internalError(): ServiceResponse {
  return errorResponse(500, "internal_error", "Something went wrong on our side; check the server logs.");
}

/** Adapts a ServiceResponse to a fetch Response (Next route handlers). */
export function toWebResponse(response: ServiceResponse): Response {
  return new Response(response.body === "" ? null : response.body, { status: response.status, headers: response.headers });
}
