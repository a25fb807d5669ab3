// The OpenAPI document (GET /api/openapi.json) as a contract: valid OpenAPI 3.1, covering every route
// file and method, and true: real answers of every route, happy and error paths, validate against it.
import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from "node:crypto";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { authRateLimiters } from "@/lib/auth/rate-limit";
import { addPublicKey } from "@/lib/keys/public-keys";
import { addMember } from "@/lib/members/members";
import { getOpenApiDocument } from "@/lib/openapi/build-document";
import { openApiSchemaErrors, ResponseContract, unresolvedRefs } from "@/lib/openapi/testing/contract";
import { discoverRoutes, routeHandler } from "@/lib/openapi/testing/routes";
import { requireProjectAccess } from "@/lib/projects/access";
import { flushUsage } from "@/lib/verify/usage-recorder";
import { createProject } from "@/lib/projects/projects";
import { call, createTestUser, type TestUser } from "../../support/api";

const document = getOpenApiDocument();
const contract = new ResponseContract(document);
const GATEWAY = { "x-gateway-key": "test-gateway-key-1" };
const OVERSIZED = JSON.stringify({ padding: "x".repeat(70 * 1024) });

interface Send {
  token?: string | null;
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Calls the route behind "METHOD /path", checks its answer against the document, and expects `status` (and `code`). */
async function answer(status: number, operation: string, send: Send = {}, code?: string) {
  const [method, template] = operation.split(" ") as [string, string];
  const url = template.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(send.params?.[name] ?? ""));
  const res = await call(await routeHandler(method, template), { ...send, method, path: send.query ? `${url}?${send.query}` : url });
  expect(contract.violations(method, template, res)).toEqual([]);
  expect(res.status, `${operation}: ${res.text.slice(0, 300)}`).toBe(status);
  // A refused verdict names its reason; an error, its code.
  if (code) expect(res.json.error.reason ?? res.json.error.code).toBe(code);
  return res;
}

const pem = (key: KeyObject) => key.export({ type: "spki", format: "pem" }).toString();
const ecKeys = (namedCurve = "P-256") => generateKeyPairSync("ec", { namedCurve });
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

/** An ES256 compact JWS signed with node:crypto. */
function es256Token(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const input = `${part({ alg: "ES256", typ: "JWT", kid })}.${part(claims)}`;
  return `${input}.${sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}

/** Every documented operation as [method, path template, operation object]. */
const operations = () =>
  Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, operation]) => [method.toUpperCase(), template, operation as Record<string, any>] as const),
  );
const randomParams = (template: string) => Object.fromEntries([...template.matchAll(/\{([^}]+)\}/g)].map((m) => [m[1]!, randomUUID()]));
const signedIn = (operation: Record<string, any>) => operation.security?.some((entry: object) => "bearerAuth" in entry) === true;

describe("OpenAPI document: valid OpenAPI 3.1", () => {
  it("validates against the official OpenAPI 3.1 schema", () => {
    expect(openApiSchemaErrors(document)).toEqual([]);
  });

  it("resolves every $ref", () => {
    expect(unresolvedRefs(document)).toEqual([]);
  });

  it("declares on every operation exactly the path parameters its path names", () => {
    for (const [method, template, operation] of operations()) {
      const named = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (operation.parameters ?? []).filter((p: any) => p.in === "path");
      expect(declared.map((p: any) => p.name).sort(), `${method} ${template}`).toEqual(named);
      expect(declared.every((p: any) => p.required === true)).toBe(true);
    }
  });

  it("compiles every schema in Ajv's strict mode", () => {
    expect(contract.compileAll()).toBeGreaterThan(Object.keys(document.components.schemas).length);
  });

  it("is what GET /api/openapi.json serves, public and cached for 5 minutes", async () => {
    const res = await answer(200, "GET /api/openapi.json");
    expect(res.json).toEqual(document);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
  });
});

describe("OpenAPI document: coverage", () => {
  it("documents every method of every route file under app/api/v1 and app/api/internal, and nothing else", async () => {
    const { routes, catchAlls } = await discoverRoutes();
    const documented = operations().map(([method, template]) => `${method} ${template}`).sort();
    expect(documented).toEqual(routes);
    // The JSON 404 for unknown /api/v1 paths: no OpenAPI path can name it (described in info.description).
    expect(catchAlls).toEqual([path.join("app/api/v1/[...path]/route.ts")]);
  });
});

describe("OpenAPI document: real answers validate against it", () => {
  let owner: TestUser;
  let viewer: TestUser;
  let target: TestUser;
  let outsider: TestUser;
  let projectId: string;
  let signingKey: { kid: string; privateKey: KeyObject; publicPem: string };
  let keylessProjectId: string;

  beforeAll(async () => {
    [owner, viewer, target, outsider] = await Promise.all([
      createTestUser("owner"),
      createTestUser("viewer"),
      createTestUser("target"),
      createTestUser("outsider"),
    ]);
    projectId = (await createProject({ caller: owner.caller, input: { name: "Contract" } })).id;
    keylessProjectId = (await createProject({ caller: owner.caller, input: { name: "No keys" } })).id;
    const access = await requireProjectAccess({ caller: owner.caller, projectId, minRole: "owner" });
    await addMember({ access, input: { email: viewer.email, role: "viewer" } });
    const { publicKey, privateKey } = ecKeys();
    const key = await addPublicKey({ access, input: { publicKey: pem(publicKey) } });
    signingKey = { kid: key.kid, privateKey, publicPem: pem(publicKey) };
  });

  it("account: sign-up and login", async () => {
    const email = `openapi-${randomBytes(5).toString("hex")}@example.test`;
    const password = "correct horse battery";
    await answer(201, "POST /api/v1/signup", { body: { email, password, name: "Ada" } });
    await answer(409, "POST /api/v1/signup", { body: { email, password } }, "email_taken");
    await answer(422, "POST /api/v1/signup", { body: { email: "not an email", password: "short" } }, "validation_failed");
    const allowSignup = process.env.ALLOW_SIGNUP;
    process.env.ALLOW_SIGNUP = "false";
    try {
      await answer(403, "POST /api/v1/signup", { body: { email: `x-${email}`, password } }, "signup_disabled");
    } finally {
      if (allowSignup === undefined) delete process.env.ALLOW_SIGNUP;
      else process.env.ALLOW_SIGNUP = allowSignup;
    }
    const ip = `198.51.100.${randomBytes(1)[0]}`;
    const signups = authRateLimiters().signup;
    while (!signups.hit(ip).limited);
    const limited = await answer(429, "POST /api/v1/signup", { body: { email: `y-${email}`, password }, headers: { "x-signet-client-ip": ip } });
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);

    const login = await answer(200, "POST /api/v1/login", { body: { email, password } });
    await answer(200, "GET /api/v1/projects", { token: login.json.token });
    await answer(401, "POST /api/v1/login", { body: { email, password: "wrong password" } }, "invalid_credentials");
    let res = await answer(401, "POST /api/v1/login", { body: { email, password: "wrong" }, headers: { "x-signet-client-ip": ip } });
    for (let attempt = 0; res.status === 401 && attempt < 50; attempt++) {
      res = await call(await routeHandler("POST", "/api/v1/login"), { method: "POST", body: { email, password: "wrong" }, headers: { "x-signet-client-ip": ip } });
    }
    expect(contract.violations("POST", "/api/v1/login", res)).toEqual([]);
    expect(res.status).toBe(429);
  });

  it("personal access tokens", async () => {
    const token = owner.token;
    const created = await answer(201, "POST /api/v1/tokens", { token, body: { name: "CI deploys", expiresInDays: 30 } });
    await answer(201, "POST /api/v1/tokens", { token, body: { name: "Forever" } });
    await answer(422, "POST /api/v1/tokens", { token, body: { name: "" } }, "validation_failed");
    await answer(200, "GET /api/v1/projects", { token: created.json.token });
    await answer(200, "GET /api/v1/tokens", { token });
    const params = { tokenId: created.json.id };
    await answer(200, "DELETE /api/v1/tokens/{tokenId}", { token, params });
    await answer(200, "DELETE /api/v1/tokens/{tokenId}", { token, params });
    await answer(404, "DELETE /api/v1/tokens/{tokenId}", { token, params: { tokenId: randomUUID() } }, "not_found");
    await answer(401, "GET /api/v1/projects", { token: created.json.token }, "unauthorized");
  });

  it("projects", async () => {
    const token = owner.token;
    const created = await answer(201, "POST /api/v1/projects", { token, body: { name: "Short-lived" } });
    const params = { projectId: created.json.id };
    await answer(422, "POST /api/v1/projects", { token, body: { name: " " } }, "validation_failed");
    await answer(200, "GET /api/v1/projects", { token });
    await answer(200, "GET /api/v1/projects/{projectId}", { token, params });
    const policy = { maxLifetimeSeconds: 3600, audience: "rpc.example.com", allowedAlgorithms: ["ES256", "EdDSA"] };
    await answer(200, "PATCH /api/v1/projects/{projectId}", { token, params, body: { name: "Renamed", policy } });
    await answer(200, "PATCH /api/v1/projects/{projectId}", { token, params });
    await answer(422, "PATCH /api/v1/projects/{projectId}", { token, params, body: { policy: { clockSkewSeconds: -1 } } });
    await answer(403, "PATCH /api/v1/projects/{projectId}", { token: viewer.token, params: { projectId }, body: { name: "No" } }, "forbidden");
    await answer(403, "DELETE /api/v1/projects/{projectId}", { token: viewer.token, params: { projectId } }, "forbidden");
    await answer(204, "DELETE /api/v1/projects/{projectId}", { token, params });
    await answer(404, "GET /api/v1/projects/{projectId}", { token, params }, "not_found");
  });

  it("keys, in every key type, and the JWK Set", async () => {
    const token = owner.token;
    const params = { projectId };
    const keysPath = "/api/v1/projects/{projectId}/keys";
    const inputs: Array<Record<string, unknown>> = [
      { publicKey: pem(ecKeys("P-384").publicKey), name: "P-384" },
      { publicKey: pem(generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey), algorithms: ["PS256"] },
      { publicKey: pem(generateKeyPairSync("ed25519").publicKey) },
      { publicKey: pem(ecKeys("secp256k1").publicKey) },
      { publicKey: ecKeys("P-521").publicKey.export({ format: "jwk" }) },
    ];
    const added = [];
    for (const body of inputs) added.push((await answer(201, `POST ${keysPath}`, { token, params, body })).json);
    const privatePem = ecKeys().privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    await answer(422, `POST ${keysPath}`, { token, params, body: { publicKey: privatePem } }, "private_key_rejected");
    await answer(422, `POST ${keysPath}`, { token, params, body: { publicKey: "not a key" } }, "invalid_key");
    await answer(422, `POST ${keysPath}`, { token, params, body: { name: "No key" } }, "validation_failed");
    const weak = pem(generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey);
    await answer(422, `POST ${keysPath}`, { token, params, body: { publicKey: weak } }, "weak_key");
    await answer(409, `POST ${keysPath}`, { token, params, body: { publicKey: signingKey.publicPem } }, "duplicate_key");
    await answer(403, `POST ${keysPath}`, { token: viewer.token, params, body: { publicKey: pem(ecKeys().publicKey) } }, "forbidden");

    const full = (await createProject({ caller: owner.caller, input: { name: "Full" } })).id;
    const fullAccess = await requireProjectAccess({ caller: owner.caller, projectId: full, minRole: "owner" });
    for (let i = 0; i < 25; i++) await addPublicKey({ access: fullAccess, input: { publicKey: pem(ecKeys().publicKey) } });
    const body = { publicKey: pem(ecKeys().publicKey) };
    await answer(409, `POST ${keysPath}`, { token, params: { projectId: full }, body }, "key_limit_reached");

    const keyPath = `${keysPath}/{kid}`;
    const kid = { ...params, kid: added[0].kid };
    await answer(200, `GET ${keyPath}`, { token, params: kid });
    await answer(404, `GET ${keyPath}`, { token, params: { ...params, kid: randomUUID() } }, "not_found");
    await answer(200, `PATCH ${keyPath}`, { token, params: kid, body: { name: "Renamed" } });
    await answer(200, `PATCH ${keyPath}`, { token, params: kid, body: { name: null } });
    await answer(422, `PATCH ${keyPath}`, { token, params: kid, body: { name: 5 } }, "validation_failed");
    await answer(422, `DELETE ${keyPath}`, { token, params: kid, body: { reason: 5 } }, "validation_failed");
    await answer(200, `DELETE ${keyPath}`, { token, params: kid, body: { reason: "Rotated" } });
    await answer(200, `DELETE ${keyPath}`, { token, params: kid });
    await answer(404, `DELETE ${keyPath}`, { token, params: { ...params, kid: randomUUID() } }, "not_found");
    const list = await answer(200, `GET ${keysPath}`, { token, params });
    expect(list.json.keys.map((key: { status: string }) => key.status)).toContain("revoked");

    const jwks = await answer(200, "GET /api/v1/projects/{projectId}/jwks.json", { params });
    expect(jwks.json.keys.length).toBe(1 + added.length - 1); // the signing key and those added, less the revoked one
    await answer(304, "GET /api/v1/projects/{projectId}/jwks.json", { params, headers: { "if-none-match": jwks.headers.get("etag")! } });
    await answer(404, "GET /api/v1/projects/{projectId}/jwks.json", { params: { projectId: randomUUID() } }, "not_found");
  });

  it("members and invitations", async () => {
    const token = owner.token;
    const params = { projectId };
    const members = "/api/v1/projects/{projectId}/members";
    const added = await answer(201, `POST ${members}`, { token, params, body: { email: target.email, role: "viewer" } });
    expect(added.json.result).toBe("added");
    const invitee = `invitee-${randomBytes(4).toString("hex")}@example.test`;
    const invited = await answer(201, `POST ${members}`, { token, params, body: { email: invitee, role: "admin" } });
    expect(invited.json.result).toBe("invited");
    await answer(409, `POST ${members}`, { token, params, body: { email: target.email, role: "admin" } }, "already_member");
    await answer(422, `POST ${members}`, { token, params, body: { email: target.email, role: "superuser" } }, "validation_failed");
    await answer(403, `POST ${members}`, { token: viewer.token, params, body: { email: invitee, role: "viewer" } }, "forbidden");
    await answer(200, `GET ${members}`, { token, params });
    await answer(200, "GET /api/v1/projects/{projectId}/invitations", { token, params });

    const member = `${members}/{userId}`;
    const targetParams = { ...params, userId: target.id };
    await answer(200, `PATCH ${member}`, { token, params: targetParams, body: { role: "admin" } });
    await answer(422, `PATCH ${member}`, { token, params: targetParams, body: { role: "superuser" } }, "validation_failed");
    await answer(409, `PATCH ${member}`, { token, params: { ...params, userId: owner.id }, body: { role: "viewer" } }, "last_owner");
    await answer(404, `PATCH ${member}`, { token, params: { ...params, userId: randomUUID() }, body: { role: "admin" } }, "not_found");
    await answer(409, `DELETE ${member}`, { token, params: { ...params, userId: owner.id } }, "last_owner");
    await answer(204, `DELETE ${member}`, { token, params: targetParams });
    await answer(404, `DELETE ${member}`, { token, params: targetParams }, "not_found");

    const invitation = "/api/v1/projects/{projectId}/invitations/{invitationId}";
    const invitationParams = { ...params, invitationId: invited.json.invitation.id };
    await answer(403, `DELETE ${invitation}`, { token: viewer.token, params: invitationParams }, "forbidden");
    await answer(204, `DELETE ${invitation}`, { token, params: invitationParams });
    await answer(404, `DELETE ${invitation}`, { token, params: invitationParams }, "not_found");
  });

  it("audit events, a page at a time", async () => {
    const send = { token: owner.token, params: { projectId } };
    const audit = "GET /api/v1/projects/{projectId}/audit";
    const first = await answer(200, audit, { ...send, query: "limit=2" });
    expect(first.json.nextCursor).toEqual(expect.any(String));
    await answer(200, audit, { ...send, query: `limit=2&cursor=${first.json.nextCursor}` });
    await answer(200, audit, { ...send, query: "action=key.added" });
    await answer(422, audit, { ...send, query: "limit=0" }, "validation_failed");
    await answer(422, audit, { ...send, query: "action=nope" }, "validation_failed");
    await answer(400, audit, { ...send, query: "cursor=bm9wZQ" }, "bad_request");
  });

  it("usage report", async () => {
    const send = { token: owner.token, params: { projectId } };
    const usage = "GET /api/v1/projects/{projectId}/usage";
    const token = es256Token(signingKey.privateKey, signingKey.kid, { iat: now(), exp: now() + 60 });
    await answer(200, "POST /api/internal/verify", { headers: GATEWAY, body: { project: projectId, token } });
    await flushUsage();
    const report = await answer(200, usage, send);
    expect(report.json.totals.valid).toBeGreaterThan(0);
    await answer(200, usage, { ...send, query: `range=30d&kid=${signingKey.kid}` });
    await answer(422, usage, { ...send, query: "range=1y" }, "validation_failed");
    await answer(404, usage, { ...send, query: `kid=${randomUUID()}` }, "not_found");
  });

  it("every signed-in operation: 401 without credentials, 404 for a non-member, 403 for a cross-site session write", async () => {
    const session = await encode({ token: { uid: owner.id }, secret: process.env.AUTH_SECRET! });
    const crossSite = { cookie: `next-auth.session-token=${session}`, origin: "https://evil.example", host: "localhost" };
    for (const [method, template] of operations().filter(([, , operation]) => signedIn(operation))) {
      const body = method === "GET" ? undefined : {};
      const params = randomParams(template);
      await answer(401, `${method} ${template}`, { params, body }, "unauthorized");
      if (template.includes("{projectId}")) {
        await answer(404, `${method} ${template}`, { token: outsider.token, params: { ...params, projectId }, body }, "not_found");
      }
      if (method === "GET") await answer(template.includes("{") ? 404 : 200, `${method} ${template}`, { params, headers: crossSite });
      else await answer(403, `${method} ${template}`, { params, body, headers: crossSite }, "forbidden");
    }
  });

  it("every management operation with a body: 400 for a body that is not JSON, 413 for one over 64 KiB", async () => {
    for (const [method, template, operation] of operations()) {
      if (!operation.requestBody || !template.startsWith("/api/v1/")) continue;
      const params = { ...randomParams(template), projectId };
      const headers = { "content-type": "application/json" };
      await answer(400, `${method} ${template}`, { token: owner.token, params, headers, rawBody: "{not json" }, "bad_request");
      await answer(413, `${method} ${template}`, { token: owner.token, params, headers, rawBody: OVERSIZED }, "payload_too_large");
    }
  });

  it("verification: the three verdicts, and the gateway errors", async () => {
    const verify = "POST /api/internal/verify";
    const token = es256Token(signingKey.privateKey, signingKey.kid, { sub: "alice", iat: now(), exp: now() + 60 });
    const valid = await answer(200, verify, { headers: GATEWAY, body: { project: projectId, token, audience: "rpc.example.com" } });
    expect(valid.json).toMatchObject({ valid: true, enforced: true, kid: signingKey.kid, alg: "ES256" });
    const expired = es256Token(signingKey.privateKey, signingKey.kid, { iat: now() - 120, exp: now() - 60 });
    await answer(200, verify, { headers: GATEWAY, body: { project: projectId, token: expired } }, "expired_token");
    await answer(200, verify, { headers: GATEWAY, body: { project: projectId } }, "missing_token");
    await answer(200, verify, { headers: GATEWAY, body: { project: randomUUID(), token } }, "unknown_project");
    const open = await answer(200, verify, { headers: GATEWAY, body: { project: keylessProjectId, token: "anything" } });
    expect(open.json).toEqual({ valid: true, enforced: false, projectId: keylessProjectId });

    await answer(400, verify, { headers: GATEWAY, body: { token } }, "bad_request");
    await answer(400, verify, { headers: { ...GATEWAY, "content-type": "application/json" }, rawBody: "{" }, "bad_request");
    await answer(401, verify, { body: { project: projectId, token } }, "gateway_unauthorized");
    await answer(401, verify, { headers: { "x-gateway-key": "wrong" }, body: { project: projectId } }, "gateway_unauthorized");
    await answer(413, verify, { headers: { ...GATEWAY, "content-type": "application/json" }, rawBody: OVERSIZED }, "bad_request");
  });

  it("forward-auth, for every method", async () => {
    const token = es256Token(signingKey.privateKey, signingKey.kid, { sub: "alice", iat: now(), exp: now() + 60 });
    const forwarded = { ...GATEWAY, "x-forwarded-host": "rpc.example.com:443" };
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]) {
      const operation = `${method} /api/internal/forward-auth/{projectId}`;
      const params = { projectId };
      const ok = await answer(200, operation, { params, headers: { ...forwarded, authorization: `Bearer ${token}` } });
      expect([ok.headers.get("x-signet-kid"), ok.headers.get("x-signet-sub")]).toEqual([signingKey.kid, "alice"]);
      const refused = await answer(401, operation, { params, headers: { ...forwarded, authorization: "Bearer not.a.jwt" } });
      expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
      expect((await answer(401, operation, { params, headers: forwarded })).headers.get("www-authenticate")).toBe("Bearer");
      await answer(401, operation, { params, headers: { authorization: `Bearer ${token}` } });
      await answer(401, operation, { params: { projectId: "no-such-project" }, headers: forwarded });
      await answer(200, operation, { params: { projectId: keylessProjectId }, headers: forwarded });
    }
  });

  it("exercised every documented operation and status, but for the server's own failures (500, 503)", () => {
    const documented = operations().flatMap(([method, template, operation]) =>
      Object.keys(operation.responses).map((status) => `${method} ${template} ${status}`),
    );
    expect(documented.filter((entry) => !contract.seen.has(entry) && !/ 50[03]$/.test(entry))).toEqual([]);
  });
});
