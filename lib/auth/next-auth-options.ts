import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { authenticate } from "./authenticate";
import { requestMetaFromHeaders } from "./request-meta";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

function headersOf(req: unknown): Headers {
  const raw = (req as { headers?: Record<string, string | string[] | undefined> })?.headers ?? {};
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === "string") headers.set(name, value);
  }
  return headers;
}

export const authOptions: NextAuthOptions = {
  secret: process.env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in" },
  // Through the redacting JSON logger. NEXTAUTH_URL is optional here: no flow relies on
  // next-auth's own redirects (sign-in and sign-out use redirect: false).
  logger: {
    error: (code, metadata) => logger.error({ nextAuth: code, err: metadata instanceof Error ? metadata : undefined }, "next-auth error"),
    warn: (code) => {
      if (code !== "NEXTAUTH_URL") logger.warn({ nextAuth: code }, "next-auth warning");
    },
    debug: () => {},
  },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        try {
          const user = await authenticate({ input: credentials, meta: requestMetaFromHeaders(headersOf(req)) });
          return { id: user.id, email: user.email, name: user.name };
        } catch (error) {
          // next-auth shows the thrown message to the sign-in form as `error`.
          if (isAppError(error) && error.code === "rate_limited") throw new Error("rate_limited");
          if (isAppError(error)) return null;
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
      return session;
    },
  },
};
