import { z } from "zod";

// The body of POST /api/internal/verify, for the document only: the route validates it by hand
// (parseVerifyBody in lib/verify/verify-service.ts, faster than a schema on the hot path), and
// verify-request.test.ts holds the two to the same answers. Unknown fields are ignored.

const optionalText = (description: string) => z.string().nullable().optional().describe(description);

export const verifyRequestSchema = z
  .object({
    project: z.string().describe("The project id. An unknown id answers 200 with reason `unknown_project`."),
    token: optionalText("The compact JWS. Absent, null or empty → reason `missing_token`."),
    audience: optionalText("The host or audience the gateway serves (the project's `policy.audience` wins)."),
    method: optionalText("The JSON-RPC method, checked against a `permissions` claim."),
    body: optionalText("The raw request body, checked against a `bodyHash` claim."),
    bodySha256: optionalText("The SHA-256 hex of the body, instead of `body`."),
  })
  .describe("At most 64 KiB.");
