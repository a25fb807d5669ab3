import { z } from "zod";
import type { ErrorCode } from "@/lib/errors";
import type { PathParameterSpec } from "../types";

// Error codes shared by many management operations (lib/api/api-route.ts, lib/api/read-json.ts).

/** requireCaller: no, or an unknown, expired or revoked credential. */
export const SIGNED_IN: readonly ErrorCode[] = ["unauthorized"];
/** A write: also a role too low, or a dashboard-session write from another site. */
export const WRITER: readonly ErrorCode[] = ["unauthorized", "forbidden"];
/** A project (or a thing in it) the caller cannot see answers 404, never 403. */
export const IN_PROJECT: readonly ErrorCode[] = ["not_found"];
/** readJson: not JSON or not an object → 400, over 64 KiB → 413; the schema → 422. */
export const JSON_BODY: readonly ErrorCode[] = ["bad_request", "payload_too_large", "validation_failed"];

const uuid = (description: string): PathParameterSpec => ({
  description: `${description} Anything that is not a UUID answers 404.`,
  schema: z.uuid(),
});

export const PATH_PARAMETERS: Record<string, PathParameterSpec> = {
  projectId: uuid("The project id."),
  kid: uuid("The key id (the `kid` tokens carry in their header)."),
  userId: uuid("The member's user id."),
  invitationId: uuid("The invitation id."),
  tokenId: uuid("The personal access token's id."),
};
