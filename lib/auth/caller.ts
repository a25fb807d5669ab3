import { getServerSession } from "next-auth";
import { decode } from "next-auth/jwt";
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
  const session = await decodeSessionCookie(request.headers.get("cookie"));
  return session ? callerForUser(session, "session", meta) : null;
}

/** The caller of a server component or server action (session cookie only). */
export async function sessionCaller(): Promise<Caller | null> {
  return sessionCallerWithMeta(requestMetaFromHeaders(await headers()));
}

async function sessionCallerWithMeta(meta: RequestMeta): Promise<Caller | null> {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id;
  return userId ? callerForUser(userId, "session", meta) : null;
}

/** The user id in a next-auth session cookie, read from the request itself (no request-scoped globals). */
async function decodeSessionCookie(cookieHeader: string | null): Promise<string | null> {
  if (!cookieHeader || !process.env.AUTH_SECRET) return null;
  for (const name of SESSION_COOKIE_NAMES) {
    const value = readCookie(cookieHeader, name);
    if (!value) continue;
    try {
      const token = await decode({ token: value, secret: process.env.AUTH_SECRET });
      if (token && typeof token.uid === "string") return token.uid;
    } catch {
      return null;
    }
  }
  return null;
}

const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function readCookie(header: string, name: string): string | null {
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return null;
}

// A deleted user's cookie or token stops working at once.
async function callerForUser(userId: string, via: Caller["via"], meta: RequestMeta): Promise<Caller | null> {
  const user = await getPrisma().user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  return user ? { userId: user.id, email: user.email, via, meta } : null;
}
