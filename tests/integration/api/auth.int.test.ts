import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/v1/login/route";
import { GET as listProjects } from "@/app/api/v1/projects/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { getPrisma } from "@/lib/db";
import { call } from "../../support/api";

const unique = () => `person-${Math.random().toString(36).slice(2)}@Example.test`;

describe("POST /api/v1/signup", () => {
  it("creates a user, lower-cases the email and never returns the password hash", async () => {
    const email = unique();
    const res = await call(signup, { method: "POST", body: { email, password: "correct horse", name: "Ada" } });
    expect(res.status).toBe(201);
    expect(res.json.user).toEqual({ id: expect.any(String), email: email.toLowerCase(), name: "Ada" });
    expect(res.text).not.toContain("argon2");
    const stored = await getPrisma().user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain("correct horse");
  });

  it("answers 409 email_taken for the same email in another case", async () => {
    const email = unique();
    expect((await call(signup, { method: "POST", body: { email, password: "password1" } })).status).toBe(201);
    const again = await call(signup, { method: "POST", body: { email: email.toUpperCase(), password: "password1" } });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("email_taken");
  });

  it("answers 422 validation_failed for a bad email or a short password", async () => {
    for (const body of [{ email: "nope", password: "password1" }, { email: unique(), password: "short" }, {}]) {
      const res = await call(signup, { method: "POST", body });
      expect(res.status).toBe(422);
      expect(res.json.error.code).toBe("validation_failed");
      expect(res.json.error.message).toEqual(expect.any(String));
    }
  });

  it("answers 400 for a body that is not JSON or not an object, and 413 when too large", async () => {
    expect((await call(signup, { method: "POST", rawBody: "{nope" })).status).toBe(400);
    expect((await call(signup, { method: "POST", body: [1, 2] })).status).toBe(400);
    const big = await call(signup, { method: "POST", body: { email: unique(), password: "x".repeat(70_000) } });
    expect(big.status).toBe(413);
  });

  it("answers 403 signup_disabled when ALLOW_SIGNUP=false", async () => {
    process.env.ALLOW_SIGNUP = "false";
    try {
      const res = await call(signup, { method: "POST", body: { email: unique(), password: "password1" } });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("signup_disabled");
    } finally {
      delete process.env.ALLOW_SIGNUP;
    }
  });
});

describe("POST /api/v1/login", () => {
  it("issues a 5-minute bearer token that authenticates API calls", async () => {
    const email = unique();
    await call(signup, { method: "POST", body: { email, password: "password1" } });
    const before = Date.now();
    const res = await call(login, { method: "POST", body: { email: email.toUpperCase(), password: "password1" } });
    expect(res.status).toBe(200);
    const expiresIn = Date.parse(res.json.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(290_000);
    expect(expiresIn).toBeLessThanOrEqual(301_000);
    const projects = await call(listProjects, { token: res.json.token });
    expect(projects.status).toBe(200);
    expect(projects.json).toEqual({ projects: [] });
    // Only a hash of the token is stored.
    const rows = await getPrisma().accessToken.findMany({ where: { user: { email: email.toLowerCase() } } });
    expect(rows.map((r) => r.tokenHash)).not.toContain(res.json.token);
  });

  it("answers the same 401 invalid_credentials for an unknown email and a wrong password", async () => {
    const email = unique();
    await call(signup, { method: "POST", body: { email, password: "password1" } });
    const wrong = await call(login, { method: "POST", body: { email, password: "password2" } });
    const unknown = await call(login, { method: "POST", body: { email: unique(), password: "password1" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json.error.code).toBe("invalid_credentials");
  });

  it("rate-limits repeated failures per email and IP with 429 and Retry-After", async () => {
    const email = unique();
    await call(signup, { method: "POST", body: { email, password: "password1" } });
    // scripts/server.mjs stamps the TCP peer into x-signet-client-ip.
    const headers = { "x-signet-client-ip": "203.0.113.77" };
    for (let i = 0; i < 10; i++) {
      expect((await call(login, { method: "POST", body: { email, password: "bad-password" }, headers })).status).toBe(401);
    }
    const limited = await call(login, { method: "POST", body: { email, password: "password1" }, headers });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // A forged X-Forwarded-For does not get around it (no TRUST_PROXY)...
    const forged = await call(login, {
      method: "POST",
      body: { email, password: "password1" },
      headers: { ...headers, "x-forwarded-for": "198.51.100.9" },
    });
    expect(forged.status).toBe(429);
    // ...while another client address is not affected.
    const other = await call(login, { method: "POST", body: { email, password: "password1" }, headers: { "x-signet-client-ip": "203.0.113.78" } });
    expect(other.status).toBe(200);
  });

  it("counts behind a declared proxy by the entry that proxy appended (TRUST_PROXY=1)", async () => {
    process.env.TRUST_PROXY = "1";
    try {
      const email = unique();
      await call(signup, { method: "POST", body: { email, password: "password1" } });
      const headers = (client: string) => ({ "x-signet-client-ip": "10.0.0.2", "x-forwarded-for": `1.2.3.4, ${client}` });
      for (let i = 0; i < 10; i++) {
        await call(login, { method: "POST", body: { email, password: "nope-nope" }, headers: headers("203.0.113.90") });
      }
      expect((await call(login, { method: "POST", body: { email, password: "password1" }, headers: headers("203.0.113.90") })).status).toBe(429);
      expect((await call(login, { method: "POST", body: { email, password: "password1" }, headers: headers("203.0.113.91") })).status).toBe(200);
    } finally {
      delete process.env.TRUST_PROXY;
    }
  });

  it("rejects an expired token with 401", async () => {
    const email = unique();
    await call(signup, { method: "POST", body: { email, password: "password1" } });
    const { json } = await call(login, { method: "POST", body: { email, password: "password1" } });
    await getPrisma().accessToken.updateMany({
      where: { user: { email: email.toLowerCase() } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await call(listProjects, { token: json.token })).status).toBe(401);
  });
});
