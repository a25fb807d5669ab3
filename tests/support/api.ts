// Calls route handlers directly, the way Next would, with real Requests.
import { randomBytes } from "node:crypto";
import { issueLoginToken } from "@/lib/auth/access-tokens";
import type { Caller } from "@/lib/auth/caller";
import { signUp } from "@/lib/users/sign-up";

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export interface CallOptions<P> {
  method?: string;
  path?: string;
  params?: P;
  token?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export async function call<P>(handler: Handler<P>, options: CallOptions<P> = {}) {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  const request = new Request(`http://localhost${options.path ?? "/"}`, {
    method: options.method ?? "GET",
    headers,
    body,
  });
  const response = await handler(request, { params: Promise.resolve((options.params ?? {}) as P) });
  const text = await response.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, json, text };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  caller: Caller;
}

/** A new user with a random email and a fresh bearer token. */
export async function createTestUser(label = "user"): Promise<TestUser> {
  const email = `${label}-${randomBytes(5).toString("hex")}@example.test`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const user = await signUp({ input: { email, password }, meta: { ip: "127.0.0.1", userAgent: "vitest" } });
  const { token } = await issueLoginToken(user.id);
  return {
    id: user.id,
    email,
    password,
    token,
    caller: { userId: user.id, email, via: "bearer", meta: { ip: "127.0.0.1", userAgent: "vitest" } },
  };
}
