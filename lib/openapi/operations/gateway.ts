import { z } from "zod";
import type { HttpMethod, OperationSpec, ResponseSpec } from "../types";

// The verification API (VERIFY-API.md §2): its own error shape, and 4xx only when no
// verification was performed.

const RETRY_AFTER = { "Retry-After": { description: "Seconds to wait before retrying.", required: true } };

const UNAVAILABLE: Record<number, ResponseSpec> = {
  500: { description: "`internal_error`.", schema: "GatewayError", codes: ["internal_error"] },
  503: {
    description: "`service_unavailable`: the database is unreachable and the project is not in memory yet.",
    schema: "GatewayError",
    codes: ["service_unavailable"],
    headers: RETRY_AFTER,
  },
};

const verifyOperation: OperationSpec = {
  method: "post",
  path: "/api/internal/verify",
  operationId: "verifyToken",
  summary: "Verify a token for a project",
  description:
    "Every verification answers 200 with `valid` true or false; the reasons are checked in the order of " +
    "VERIFY-API.md §2, and `error.code` is always -32013 so JSON-RPC gateways can pass it through.",
  tag: "Verification",
  audience: "gateway",
  body: { schema: "VerifyRequest", required: true },
  responses: {
    200: { description: "A verification was performed.", schema: "Verdict" },
    400: {
      description: "`bad_request`: not JSON, not an object, no `project`, or a field that is not a string.",
      schema: "GatewayError",
      codes: ["bad_request"],
    },
    401: {
      description: "`gateway_unauthorized`: `X-Gateway-Key` missing or not one of `GATEWAY_KEYS`.",
      schema: "GatewayError",
      codes: ["gateway_unauthorized"],
    },
    413: { description: "`bad_request`: the body is over 64 KiB.", schema: "GatewayError", codes: ["bad_request"] },
    ...UNAVAILABLE,
  },
};

const FORWARD_AUTH_METHODS: HttpMethod[] = ["get", "post", "put", "patch", "delete", "head", "options"];

function forwardAuthOperation(method: HttpMethod): OperationSpec {
  const name = method[0]!.toUpperCase() + method.slice(1);
  return {
    method,
    path: "/api/internal/forward-auth/{projectId}",
    operationId: `forwardAuth${name}`,
    summary: method === "get" ? "Check a forwarded request (any method)" : `Check a forwarded request (${method.toUpperCase()}, as GET)`,
    description:
      "For nginx `auth_request`, Traefik ForwardAuth and Envoy ext_authz. The token comes from the forwarded " +
      "`Authorization: Bearer` header, the audience from `X-Forwarded-Host` (else `Host`) without its port.",
    tag: "Verification",
    audience: "gateway",
    requestHeaders: {
      "X-Forwarded-Host": "The host the client asked for (first entry; the port is dropped): the expected audience.",
    },
    pathParameters: {
      projectId: { description: "The project id. An unknown id answers 401 (`unknown project`).", schema: z.string() },
    },
    responses: {
      200: {
        description: "Valid (or not enforced). Empty body.",
        headers: {
          "X-Signet-Kid": { description: "The kid of the key that verified the token (absent when not enforced)." },
          "X-Signet-Sub": { description: "The token's `sub`, when it is a header-safe string." },
        },
      },
      401: {
        description:
          "Refused: All That Node's `{code, message}`, with `WWW-Authenticate: Bearer` (no token) or " +
          '`Bearer error="invalid_token"`; or `gateway_unauthorized` in the gateway error shape.',
        schema: ["ForwardAuthError", "GatewayError"],
        headers: { "WWW-Authenticate": { description: "Present when the token was refused (not for a bad gateway key)." } },
      },
      ...UNAVAILABLE,
    },
  };
}

export const GATEWAY_OPERATIONS: OperationSpec[] = [verifyOperation, ...FORWARD_AUTH_METHODS.map(forwardAuthOperation)];
