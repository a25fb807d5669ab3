import { callerFromRequest, type Caller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { requireProjectAccess, type ProjectAccess } from "@/lib/projects/access";
import type { Role } from "@/lib/projects/roles";
import { responseForError } from "./responses";

type RouteContext<P> = { params: Promise<P> };

/** Wraps a route handler: every error becomes the API's error shape, never an unexplained 500. */
export function apiRoute<P = Record<string, never>>(
  name: string,
  handler: (request: Request, params: P) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    try {
      return await handler(request, (await context?.params) ?? ({} as P));
    } catch (error) {
      return responseForError(error, name);
    }
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The authenticated caller, or 401. A cookie-authenticated write must come
 * from this origin (bearer tokens are not sent by browsers on their own).
 */
export async function requireCaller(request: Request): Promise<Caller> {
  const caller = await callerFromRequest(request);
  if (!caller) throw new AppError("unauthorized", "Sign in, or send a valid `Authorization: Bearer` token.");
  if (caller.via === "session" && !SAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
    throw new AppError("forbidden", "Cross-site requests cannot use the dashboard session.");
  }
  return caller;
}

function isSameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = request.headers.get("origin");
  if (!origin) return false;
  try {
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Caller + membership in one step: the entry point of every project route. */
export async function requireProjectRoute(request: Request, projectId: string, minRole: Role = "viewer"): Promise<ProjectAccess> {
  const caller = await requireCaller(request);
  return requireProjectAccess({ caller, projectId, minRole });
}
