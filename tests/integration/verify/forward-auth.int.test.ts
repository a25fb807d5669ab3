import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { updateProject } from "@/lib/projects/projects";
import { call } from "../../support/api";
import { forwardAuth, forwardAuthRoute, newProject, newProjectWithKey, signToken, type TestKey, type TestProject } from "./verify-fixtures";

describe("/api/internal/forward-auth/:projectId", () => {
  let project: TestProject & { key: TestKey };

  beforeAll(async () => {
    project = await newProjectWithKey("Forward auth");
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it("answers 200 with X-Signet-Kid and X-Signet-Sub and an empty body for a valid token, for any method", async () => {
    const token = await signToken(project.key, { sub: "alice@example.com" });
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]) {
      const res = await forwardAuth(project.projectId, bearer(token), method);
      expect(res.status, method).toBe(200);
      expect(res.text).toBe("");
      expect(res.headers.get("x-signet-kid")).toBe(project.key.kid);
      expect(res.headers.get("x-signet-sub")).toBe("alice@example.com");
      expect(res.headers.get("www-authenticate")).toBeNull();
    }
  });

  it("omits X-Signet-Sub when sub is absent, not a string, or unsafe in a header", async () => {
    for (const sub of [undefined, 42, ["a"], "line\r\nX-Injected: 1", "tab\there", "naïve", "x".repeat(2000)]) {
      const token = await signToken(project.key, { sub: sub as string });
      const res = await forwardAuth(project.projectId, bearer(token));
      expect(res.status, JSON.stringify(sub)).toBe(200);
      expect(res.headers.get("x-signet-sub")).toBeNull();
      expect(res.headers.get("x-injected")).toBeNull();
      expect(res.headers.get("x-signet-kid")).toBe(project.key.kid);
    }
  });

  it("answers 401 with a bare `Bearer` challenge when there is no token", async () => {
    const variants: Array<Record<string, string>> = [{}, { authorization: "Basic dXNlcjpwYXNz" }, { authorization: "Bearer " }, { authorization: "Bearer" }];
    for (const headers of variants) {
      const res = await forwardAuth(project.projectId, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(res.json).toEqual({ code: -32013, message: "missing JWT token" });
    }
  });

  it("answers 401 invalid_token with All That Node's body for a bad token", async () => {
    const expired = await signToken(project.key, { iat: Math.floor(Date.now() / 1000) - 100, exp: Math.floor(Date.now() / 1000) - 50 });
    for (const [token, message] of [
      ["garbage", "invalid JWT token (malformatted token)"],
      [expired, "invalid JWT token (expired token)"],
    ] as const) {
      const res = await forwardAuth(project.projectId, bearer(token));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(`Bearer error="invalid_token", error_description="${message}"`);
      expect(res.json).toEqual({ code: -32013, message });
      expect(res.headers.get("x-signet-kid")).toBeNull();
    }
  });

  it("takes the audience from X-Forwarded-Host, else Host, without the port", async () => {
    const token = await signToken(project.key, { aud: "rpc.example.com" });
    const ok: Array<Record<string, string>> = [
      { "x-forwarded-host": "rpc.example.com:8443" },
      { "x-forwarded-host": "RPC.example.com" },
      { "x-forwarded-host": "rpc.example.com, proxy.internal" },
      { host: "rpc.example.com:8080" },
    ];
    for (const headers of ok) {
      expect((await forwardAuth(project.projectId, { ...bearer(token), ...headers })).status, JSON.stringify(headers)).toBe(200);
    }
    const wrong: Array<Record<string, string>> = [{ "x-forwarded-host": "api.example.com:443", host: "rpc.example.com" }, { "x-forwarded-host": "[::1]:8080" }];
    for (const headers of wrong) {
      const res = await forwardAuth(project.projectId, { ...bearer(token), ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.json.message).toBe("invalid JWT token (audience mismatch)");
    }
    const ipv6 = await signToken(project.key, { aud: "[::1]" });
    expect((await forwardAuth(project.projectId, { ...bearer(ipv6), "x-forwarded-host": "[::1]:8080" })).status).toBe(200);
  });

  it("answers 200 when the project does not enforce", async () => {
    const open = await newProject("Open");
    expect((await forwardAuth(open.projectId, {})).status).toBe(200);
    const relaxed = await newProjectWithKey("Relaxed");
    await updateProject({ access: relaxed.access, input: { policy: { enforce: false } } });
    const res = await forwardAuth(relaxed.projectId, bearer("garbage"));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-signet-kid")).toBeNull();
  });

  it("answers 401 unknown project for a project that does not exist", async () => {
    for (const id of [randomUUID(), "nope"]) {
      const res = await forwardAuth(id, bearer(await signToken(project.key)));
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ code: -32013, message: "unknown project" });
      expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_token", error_description="unknown project"');
    }
  });

  it("needs the gateway key", async () => {
    const token = await signToken(project.key);
    for (const key of [undefined, "wrong"]) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (key) headers["x-gateway-key"] = key;
      const res = await call(forwardAuthRoute, { params: { projectId: project.projectId }, headers });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("gateway_unauthorized");
      expect(res.headers.get("x-signet-kid")).toBeNull();
    }
  });
});
