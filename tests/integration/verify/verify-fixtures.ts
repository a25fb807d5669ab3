// Shared setup for the verification API tests: projects with real keys, tokens signed by jose, route calls.
import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import { expect } from "vitest";
import { POST as verifyRoute } from "@/app/api/internal/verify/route";
import { GET as forwardAuthRoute } from "@/app/api/internal/forward-auth/[projectId]/route";
import { addPublicKey } from "@/lib/keys/public-keys";
import { requireProjectAccess, type ProjectAccess } from "@/lib/projects/access";
import { createProject } from "@/lib/projects/projects";
import { call, createTestUser, type TestUser } from "../../support/api";

export { verifyRoute, forwardAuthRoute };

export const GATEWAY = { "x-gateway-key": "test-gateway-key-1" } as const;

export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicPem: string;
}

export interface TestProject {
  owner: TestUser;
  projectId: string;
  access: ProjectAccess;
}

let sharedOwner: Promise<TestUser> | null = null;
const owner = () => (sharedOwner ??= createTestUser("verify"));

export async function newProject(name = "Verify project"): Promise<TestProject> {
  const user = await owner();
  const projectId = (await createProject({ caller: user.caller, input: { name } })).id;
  const access = await requireProjectAccess({ caller: user.caller, projectId, minRole: "admin" });
  return { owner: user, projectId, access };
}

/** Adds a fresh P-256 key (node:crypto) through the domain function; returns its kid and private key. */
export async function addKey(project: TestProject): Promise<TestKey> {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const publicPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const key = await addPublicKey({ access: project.access, input: { publicKey: publicPem } });
  return { kid: key.kid, privateKey, publicPem };
}

export async function newProjectWithKey(name?: string): Promise<TestProject & { key: TestKey }> {
  const project = await newProject(name);
  return { ...project, key: await addKey(project) };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An ES256 token for `key`, valid for a minute unless the claims say otherwise. */
export function signToken(
  key: { kid?: string; privateKey: KeyObject },
  claims: JWTPayload = {},
  options: { alg?: string; header?: Record<string, unknown> } = {},
): Promise<string> {
  const iat = nowSeconds();
  return new SignJWT({ sub: "user-1", iat, exp: iat + 60, ...claims })
    .setProtectedHeader({ alg: options.alg ?? "ES256", ...(key.kid ? { kid: key.kid } : {}), ...options.header })
    .sign(key.privateKey);
}

export function verify(body: unknown, headers: Record<string, string> = GATEWAY) {
  return call(verifyRoute, { method: "POST", path: "/api/internal/verify", body, headers });
}

export function verifyRaw(rawBody: string, headers: Record<string, string> = GATEWAY) {
  return call(verifyRoute, {
    method: "POST",
    path: "/api/internal/verify",
    rawBody,
    headers: { "content-type": "application/json", ...headers },
  });
}

export function forwardAuth(projectId: string, headers: Record<string, string>, method = "GET") {
  return call(forwardAuthRoute, {
    method,
    path: `/api/internal/forward-auth/${projectId}`,
    params: { projectId },
    headers: { ...GATEWAY, ...headers },
  });
}

/** Asserts a failure verdict of VERIFY-API.md §2a with `reason`, and returns it. */
export function expectFailure(res: { status: number; json: any }, projectId: string, reason: string) {
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  expect(res.json).toEqual({
    valid: false,
    enforced: true,
    projectId,
    error: { code: -32013, reason, message: expect.any(String) },
  });
  return res.json;
}

export const randomProjectId = () => randomUUID();

export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs = 50) {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value)) return { value, elapsedMs: Date.now() - started };
    if (Date.now() - started > timeoutMs) return { value, elapsedMs: Date.now() - started, timedOut: true as const };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
