import { generateKeyPairSync, randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { POST as addKeyRoute } from "@/app/api/v1/projects/[projectId]/keys/route";
import { POST as createProjectRoute } from "@/app/api/v1/projects/route";
import { POST as loginRoute } from "@/app/api/v1/login/route";
import { POST as signupRoute } from "@/app/api/v1/signup/route";
import { actionError } from "@/lib/actions/action-result";
import { apiRoute } from "@/lib/api/api-route";
import { getPool } from "@/lib/db";
import { privateJwkOf, secretFragments } from "@/lib/keys/testing/openssl";
import { logger } from "@/lib/logger";
import { createKeyCache } from "@/lib/verify/key-cache";
import { flushUsage, recordVerification, startUsageFlusher, stopUsageFlusher } from "@/lib/verify/usage-recorder";
import { handleVerifyRequest } from "@/lib/verify/verify-service";
import { call } from "../../support/api";
import { forwardAuth, GATEWAY, signToken, verify } from "../verify/verify-fixtures";
import { captureLogs, type CapturedLogs } from "./log-capture";

// Logs must never contain tokens, private key material, passwords, gateway keys or cookies
// (PRODUCT.md "Operations"). These tests drive the real code paths with the process logger
// at trace level and read what it actually wrote.

let capture: CapturedLogs;
beforeEach(() => {
  capture = captureLogs();
});
afterEach(() => capture.restore());

const parsedLines = () => capture.lines.map((line) => JSON.parse(line) as Record<string, unknown>);

function expectNoSecrets(lines: string[], secrets: string[]) {
  const text = lines.join("\n");
  for (const secret of secrets.filter((s) => s.length >= 8)) {
    expect(text.includes(secret), `a log line contains "${secret.slice(0, 10)}…"`).toBe(false);
  }
}

describe("logs never contain secrets", () => {
  it("through sign-up, login, refused private keys, verification, forward-auth and failures that log", async () => {
    const email = `logs-${randomBytes(4).toString("hex")}@example.test`;
    const password = `pw-${randomBytes(12).toString("hex")}`;
    const wrongPassword = `nope-${randomBytes(12).toString("hex")}`;
    const cookie = `next-auth.session-token=${randomBytes(24).toString("base64url")}`;
    const gatewayGuess = `guess-${randomBytes(12).toString("hex")}`;
    const databasePassword = `dbpw-${randomBytes(12).toString("hex")}`;
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const privatePem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const sec1Pem = privateKey.export({ type: "sec1", format: "pem" }).toString();
    const privateJwk = privateJwkOf(privatePem);

    // Sign-up and login, right and wrong.
    expect((await call(signupRoute, { method: "POST", body: { email, password } })).status).toBe(201);
    const login = await call(loginRoute, { method: "POST", body: { email, password }, headers: { cookie } });
    expect(login.status).toBe(200);
    const bearer: string = login.json.token;
    expect((await call(loginRoute, { method: "POST", body: { email, password: wrongPassword } })).status).toBe(401);

    // A project, private keys pasted (refused), then the public key.
    const project = await call(createProjectRoute, { method: "POST", token: bearer, body: { name: "Logs" } });
    expect(project.status).toBe(201);
    const projectId: string = project.json.id;
    const addKey = (input: unknown) =>
      call(addKeyRoute, { method: "POST", token: bearer, params: { projectId }, path: `/api/v1/projects/${projectId}/keys`, body: { publicKey: input } });
    for (const input of [privatePem, sec1Pem, privateJwk]) expect((await addKey(input)).json.error.code).toBe("private_key_rejected");
    const added = await addKey(publicKey.export({ type: "spki", format: "pem" }).toString());
    expect(added.status).toBe(201);
    const key = { kid: added.json.kid as string, privateKey };

    // Verification and forward-auth: good and bad tokens, good and bad gateway keys, cookies.
    const token = await signToken(key, { sub: "alice" });
    const expired = await signToken(key, { iat: 1, exp: 2 });
    expect((await verify({ project: projectId, token })).json.valid).toBe(true);
    expect((await verify({ project: projectId, token: expired })).json.valid).toBe(false);
    expect((await verify({ project: projectId, token }, { "x-gateway-key": gatewayGuess })).status).toBe(401);
    expect((await forwardAuth(projectId, { authorization: `Bearer ${token}`, cookie })).status).toBe(200);
    expect((await forwardAuth(projectId, { authorization: `Bearer ${token}`, "x-gateway-key": gatewayGuess })).status).toBe(401);

    // Failures that do log: a database that cannot be reached (its URL carries a password)…
    const deadPool = new pg.Pool({ connectionString: `postgresql://signet:${databasePassword}@127.0.0.1:1/signet`, connectionTimeoutMillis: 500 });
    deadPool.on("error", () => {});
    const deadCache = createKeyCache({ pool: deadPool });
    const unavailable = await handleVerifyRequest({ headers: GATEWAY, bodyText: JSON.stringify({ project: projectId, token }), cache: deadCache });
    expect(unavailable.status).toBe(503);
    // …a usage flush that fails and is retried…
    try {
      startUsageFlusher(() => deadPool);
      recordVerification(projectId, key.kid, "valid");
      await expect(flushUsage()).rejects.toThrow();
    } finally {
      startUsageFlusher(getPool);
      stopUsageFlusher();
    }
    await flushUsage();
    await deadCache.close();
    await deadPool.end();
    // …and unexpected errors in an API route and in a server action, carrying request data.
    const leaky = () =>
      Object.assign(new Error("unexpected"), { password, token, authorization: `Bearer ${bearer}`, cookie, secret: gatewayGuess });
    const failingRoute = apiRoute("ops.failing", async () => {
      throw leaky();
    });
    expect((await call(failingRoute, { method: "POST", body: { password } })).status).toBe(500);
    expect(actionError("ops.failing", leaky())).toMatchObject({ ok: false, code: "internal_error" });

    const lines = capture.lines;
    const messages = parsedLines().map((line) => line.msg);
    expect(messages).toEqual(
      expect.arrayContaining([
        "could not load a project's keys",
        "usage flush failed; counts are kept for the next attempt",
        "unhandled error in API route",
        "unhandled error in server action",
      ]),
    );
    expect(lines.join("\n")).toContain("[redacted]");
    expectNoSecrets(lines, [
      password,
      wrongPassword,
      bearer,
      token,
      token.split(".")[2]!,
      expired,
      cookie.split("=")[1]!,
      gatewayGuess,
      ...(process.env.GATEWAY_KEYS ?? "").split(","),
      process.env.AUTH_SECRET!,
      databasePassword,
      ...secretFragments(privatePem),
      ...secretFragments(sec1Pem),
      privateJwk.d!,
    ]);
    const databaseUrlPassword = new URL(inject("databaseUrl")).password;
    if (databaseUrlPassword) expectNoSecrets(lines, [databaseUrlPassword]);
    for (const line of parsedLines()) expect(line).toMatchObject({ level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/), time: expect.any(String), service: "signet" });
  });
});

describe("the logger's redaction paths", () => {
  const secret = "s3cr3t-value-that-must-not-appear";
  const logged = (object: Record<string, unknown>) => {
    logger.info(object, "redaction probe");
    return capture.lines.at(-1)!;
  };

  it.each([
    ["password", { password: secret }],
    ["passwordHash", { passwordHash: secret }],
    ["token", { token: secret }],
    ["privateKey", { privateKey: secret }],
    ["secret", { secret }],
    ["authorization", { authorization: `Bearer ${secret}` }],
    ["cookie", { cookie: `session=${secret}` }],
    ["one level down", { input: { password: secret, token: secret, privateKey: secret, cookie: secret, authorization: secret } }],
    ["an error's fields", { err: { message: "boom", password: secret, token: secret } }],
    ["a body", { request: { body: `{"token":"${secret}"}` } }],
    ["headers", { headers: { authorization: `Bearer ${secret}`, cookie: secret, "x-gateway-key": secret } }],
    ["a request's headers", { req: { headers: { authorization: `Bearer ${secret}`, cookie: secret, "x-gateway-key": secret } } }],
  ])("redacts %s", (_name, object) => {
    const line = logged(object);
    expect(line).not.toContain(secret);
    expect(line).toContain("[redacted]");
    expect(JSON.parse(line).msg).toBe("redaction probe");
  });

  it("keeps what is not secret", () => {
    const line = JSON.parse(logged({ projectId: "p-1", reason: "expired_token", counters: 3 }));
    expect(line).toMatchObject({ projectId: "p-1", reason: "expired_token", counters: 3 });
  });

  // Known gap (see the ops report): paths are matched at most one level below the top, so
  // deeper secrets rely on code never logging inputs. Flip to `it` once lib/logger.ts covers them.
  it("redacts secrets two levels down and gateway keys under any headers object", () => {
    for (const object of [{ a: { b: { password: secret } } }, { request: { headers: { "x-gateway-key": secret } } }, { "x-gateway-key": secret }]) {
      expect(logged(object)).not.toContain(secret);
    }
  });
});
