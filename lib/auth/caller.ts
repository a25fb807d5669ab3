import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { getPrisma } from "@/lib/db";
import { resolveBearerToken } from "./access-tokens";
import { authOptions } from "./next-auth-options";
import { requestMetaFromHeaders, type RequestMeta } from "./request-meta";

/** The signed-in person behind a request, however they authenticated. */
export interface Caller {
  userId: string;
  email: string;
  via: "session" | "bearer";
  meta: RequestMeta;
}

/**
 * Resolves the caller of an API request: an `Authorization: Bearer` token when
 * the header is present (never falling back to the cookie when it is wrong),
 * otherwise the dashboard session cookie.
 */
export async function callerFromRequest(request: Request): Promise<Caller | null> {
  const meta = requestMetaFromHeaders(request.headers);
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const resolved = match?.[1] ? await resolveBearerToken(match[1]) : null;
    return resolved ? { userId: resolved.userId, email: resolved.email, via: "bearer", meta } : null;
  }
  return sessionCallerWithMeta(meta);
}

/** The caller of a server component or server action (session cookie only). */
export async function sessionCaller(): Promise<Caller | null> {
  return sessionCallerWithMeta(requestMetaFromHeaders(await headers()));
}

async function sessionCallerWithMeta(meta: RequestMeta): Promise<Caller | null> {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return null;
  // The session outlives nothing: a deleted user's cookie stops working at once.
  const user = await getPrisma().user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  return user ? { userId: user.id, email: user.email, via: "session", meta } : null;
}
