import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { revokePublicKey } from "@/lib/keys/public-keys";
import { updateProject } from "@/lib/projects/projects";
import {
  addKey,
  expectFailure,
  GATEWAY,
  newProject,
  newProjectWithKey,
  nowSeconds,
  signToken,
  verify,
  verifyRaw,
  type TestKey,
  type TestProject,
} from "./verify-fixtures";

describe("POST /api/internal/verify: gateway authentication", () => {
  it("answers 401 gateway_unauthorized without the header or with a wrong key", async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { "x-gateway-key": "" },
      { "x-gateway-key": "wrong" },
      { "x-gateway-key": "test-gateway-key-" },
      { "x-gateway-key": "test-gateway-key-3" },
      { "x-gateway-key": "test-gateway-key-1,test-gateway-key-2" },
      { authorization: "Bearer test-gateway-key-1" },
    ];
    for (const headers of variants) {
      const res = await verify({ project: randomUUID() }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.json).toEqual({ error: { code: "gateway_unauthorized", message: expect.any(String) } });
      expect(res.text).not.toContain("test-gateway-key");
    }
  });

  it("accepts every key of GATEWAY_KEYS", async () => {
    for (const key of ["test-gateway-key-1", "test-gateway-key-2"]) {
      const res = await verify({ project: randomUUID() }, { "x-gateway-key": key });
      expect(res.status).toBe(200);
    }
  });

  it("checks the gateway before the body", async () => {
    const res = await verifyRaw("not json", {});
    expect(res.status).toBe(401);
  });

  it("refuses everything when GATEWAY_KEYS is empty", async () => {
    const saved = process.env.GATEWAY_KEYS;
    process.env.GATEWAY_KEYS = " , ";
    try {
      expect((await verify({ project: randomUUID() }, { "x-gateway-key": "" })).status).toBe(401);
      expect((await verify({ project: randomUUID() }, { "x-gateway-key": "," })).status).toBe(401);
      expect((await verify({ project: randomUUID() })).status).toBe(401);
    } finally {
      process.env.GATEWAY_KEYS = saved;
    }
    expect((await verify({ project: randomUUID() })).status).toBe(200);
  });
});

describe("POST /api/internal/verify: malformed requests", () => {
  it("answers 400 bad_request for a body that is not a JSON object with a string project", async () => {
    for (const raw of ["", "not json", "[]", '["project"]', "null", "42", '"x"', "{}", '{"project": 42}', '{"project": null}', '{"token": "a.b.c"}']) {
      const res = await verifyRaw(raw);
      expect(res.status, raw).toBe(400);
      expect(res.json).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("answers 400 for optional fields of the wrong type", async () => {
    for (const field of ["token", "audience", "method", "body", "bodySha256"]) {
      for (const value of [1, true, {}, ["x"]]) {
        const res = await verify({ project: randomUUID(), [field]: value });
        expect(res.status, `${field}=${JSON.stringify(value)}`).toBe(400);
        expect(res.json.error.code).toBe("bad_request");
        expect(res.json.error.message).toContain(field);
      }
    }
  });

  it("answers 413 with the same shape over 64 KiB", async () => {
    const res = await verify({ project: randomUUID(), body: "x".repeat(64 * 1024) });
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ error: { code: "bad_request", message: expect.stringContaining("64 KiB") } });
    const multibyte = await verify({ project: randomUUID(), body: "é".repeat(33 * 1024) });
    expect(multibyte.status).toBe(413);
    const justUnder = await verify({ project: randomUUID(), body: "x".repeat(60 * 1024) });
    expect(justUnder.status).toBe(200);
  });

  it("answers 413 for a chunked body over the limit (no Content-Length)", async () => {
    const { POST } = await import("@/app/api/internal/verify/route");
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const request = new Request("http://localhost/api/internal/verify", {
      method: "POST",
      headers: GATEWAY,
      body: stream,
      duplex: "half",
    } as RequestInit);
    const res = await POST(request);
    expect(res.status).toBe(413);
  });

  it("trusts a declared Content-Length: over the limit is refused before reading, within it is read at once", async () => {
    const small = JSON.stringify({ project: randomUUID() });
    const declaredLarge = await verifyRaw(small, { ...GATEWAY, "content-length": String(64 * 1024 + 1) });
    expect(declaredLarge.status).toBe(413);
    const declared = await verifyRaw(small, { ...GATEWAY, "content-length": String(Buffer.byteLength(small)) });
    expect(declared.status).toBe(200);
  });

  it("ignores unknown fields", async () => {
    const res = await verify({ project: randomUUID(), extra: { nested: [1, 2] }, token: "" });
    expect(res.status).toBe(200);
  });
});

describe("POST /api/internal/verify: verdicts", () => {
  let project: TestProject & { key: TestKey };

  beforeAll(async () => {
    project = await newProjectWithKey("Verdicts");
  });

  it("answers unknown_project for a random uuid and for garbage", async () => {
    const id = randomUUID();
    expectFailure(await verify({ project: id, token: "a.b.c" }), id, "unknown_project");
    for (const garbage of ["", "not-a-uuid", "../../etc", "x".repeat(300), `${id}\n`]) {
      const res = expectFailure(await verify({ project: garbage }), garbage, "unknown_project");
      expect(res.error.message).toBe("unknown project");
    }
  });

  it("answers valid, not enforced, for a project that never had a key", async () => {
    const fresh = await newProject("No keys");
    for (const token of [undefined, "", "garbage"]) {
      const res = await verify({ project: fresh.projectId, token });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ valid: true, enforced: false, projectId: fresh.projectId });
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("finds an upper-case project id", async () => {
    const res = await verify({ project: project.projectId.toUpperCase() });
    expectFailure(res, project.projectId, "missing_token");
  });

  it("answers valid with the verified claims", async () => {
    const token = await signToken(project.key, { sub: "alice", role: "reader" });
    const res = await verify({ project: project.projectId, token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      valid: true,
      enforced: true,
      projectId: project.projectId,
      kid: project.key.kid,
      alg: "ES256",
      claims: { sub: "alice", role: "reader", iat: expect.any(Number), exp: expect.any(Number) },
    });
  });

  it("reaches every failure reason through HTTP", async () => {
    const { projectId, key } = project;
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const expired = await signToken(key, { iat: nowSeconds() - 120, exp: nowSeconds() - 60 });
    const hmac = await new SignJWT({ sub: "x" }).setProtectedHeader({ alg: "HS256", kid: key.kid }).sign(new Uint8Array(32));
    const bodyHash = createHash("sha256").update('{"jsonrpc":"2.0"}').digest("hex");
    const cases: Array<[string, Record<string, unknown>]> = [
      ["missing_token", {}],
      ["missing_token", { token: "" }],
      ["missing_token", { token: null }],
      ["malformed_token", { token: "not.a.jwt!" }],
      ["malformed_token", { token: "abc" }],
      ["unsupported_algorithm", { token: hmac }],
      ["empty_key_id", { token: await signToken({ privateKey: key.privateKey }) }],
      ["unknown_key", { token: await signToken({ kid: randomUUID(), privateKey: key.privateKey }) }],
      ["signature_invalid", { token: await signToken({ kid: key.kid, privateKey: other.privateKey }) }],
      ["expired_token", { token: expired }],
      ["audience_mismatch", { token: await signToken(key, { aud: "a.example.com" }), audience: "b.example.com" }],
      ["body_hash_mismatch", { token: await signToken(key, { bodyHash }), body: '{"jsonrpc":"2.1"}' }],
      ["body_hash_mismatch", { token: await signToken(key, { bodyHash }), bodySha256: "00".repeat(32) }],
      ["body_hash_mismatch", { token: await signToken(key, { bodyHash }) }],
      ["permission_denied", { token: await signToken(key, { permissions: ["net:*"] }), method: "eth_blockNumber" }],
    ];
    for (const [reason, fields] of cases) {
      const res = await verify({ project: projectId, ...fields });
      expectFailure(res, projectId, reason);
      expect(res.json.kid).toBeUndefined();
    }
    const passing: Array<Record<string, unknown>> = [
      { token: await signToken(key, { aud: "rpc.example.com" }), audience: "rpc.example.com" },
      { token: await signToken(key, { aud: "rpc.example.com" }), audience: "example.com" },
      { token: await signToken(key, { bodyHash }), body: '{"jsonrpc":"2.0"}' },
      { token: await signToken(key, { bodyHash }), bodySha256: bodyHash.toUpperCase() },
      { token: await signToken(key, { permissions: ["eth:*"] }), method: "eth_blockNumber" },
    ];
    for (const fields of passing) {
      const res = await verify({ project: projectId, ...fields });
      expect(res.json.valid, JSON.stringify(res.json)).toBe(true);
    }
  });

  it("answers revoked_key for a revoked key's token, at once on this instance", async () => {
    const second = await addKey(project);
    const token = await signToken(second);
    expect((await verify({ project: project.projectId, token })).json.valid).toBe(true);
    await revokePublicKey({ access: project.access, kid: second.kid });
    const res = await verify({ project: project.projectId, token });
    expectFailure(res, project.projectId, "revoked_key");
  });

  it("keeps a project enforced after its last key is revoked", async () => {
    const lone = await newProjectWithKey("Last key");
    await revokePublicKey({ access: lone.access, kid: lone.key.kid });
    expectFailure(await verify({ project: lone.projectId }), lone.projectId, "missing_token");
    expectFailure(await verify({ project: lone.projectId, token: await signToken(lone.key) }), lone.projectId, "revoked_key");
  });

  it("applies policy changes at once: enforce off answers valid, not enforced; audience is the project's", async () => {
    const target = await newProjectWithKey("Policy");
    const token = await signToken(target.key, { aud: "api.example.com" });
    await updateProject({ access: target.access, input: { policy: { audience: "rpc.example.com" } } });
    expectFailure(await verify({ project: target.projectId, token, audience: "api.example.com" }), target.projectId, "audience_mismatch");
    await updateProject({ access: target.access, input: { policy: { enforce: false } } });
    const res = await verify({ project: target.projectId });
    expect(res.json).toEqual({ valid: true, enforced: false, projectId: target.projectId });
    await updateProject({ access: target.access, input: { policy: { enforce: true, requireExp: true } } });
    expectFailure(await verify({ project: target.projectId }), target.projectId, "missing_token");
  });

  it("answers unknown_project right after the project is deleted", async () => {
    const { deleteProject } = await import("@/lib/projects/projects");
    const doomed = await newProjectWithKey("Doomed");
    expect((await verify({ project: doomed.projectId, token: await signToken(doomed.key) })).json.valid).toBe(true);
    const ownerAccess = await (await import("@/lib/projects/access")).requireProjectAccess({
      caller: doomed.owner.caller,
      projectId: doomed.projectId,
      minRole: "owner",
    });
    await deleteProject({ access: ownerAccess });
    expectFailure(await verify({ project: doomed.projectId }), doomed.projectId, "unknown_project");
  });
});
