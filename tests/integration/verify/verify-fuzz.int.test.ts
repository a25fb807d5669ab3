// Seeded fuzzing of both HTTP handlers: whatever arrives, the answer is one of the documented
// shapes and never a 5xx. FUZZ_SEED=<n> replays a run.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { FAILURE_MESSAGES, FAILURE_REASONS, type FailureReason } from "@/lib/verify/types";
import { call } from "../../support/api";
import { forwardAuthRoute, GATEWAY, newProject, newProjectWithKey, signToken, verifyRoute, type TestKey, type TestProject } from "./verify-fixtures";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = ReturnType<typeof mulberry32>;
const pick = <T,>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

function randomString(random: Random, max = 40): string {
  const alphabets = ["abcdefghijklmnopqrstuvwxyz0123456789", "ABCxyz-_.=+/ ", "\u0000\r\n\t\"\\é😀\u2028\ud800", "{}[]:,\"'"];
  let text = "";
  const length = Math.floor(random() * max);
  for (let i = 0; i < length; i++) text += pick(random, [...pick(random, alphabets)]);
  return text;
}

function randomJson(random: Random, depth = 0): unknown {
  const kinds = depth > 2 ? 5 : 7;
  switch (Math.floor(random() * kinds)) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick(random, [0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, Math.floor(random() * 1e10)]);
    case 3:
    case 4:
      return randomString(random);
    case 5:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [randomString(random, 8), randomJson(random, depth + 1)]));
  }
}

describe("verification API fuzzing", () => {
  let keyed: TestProject & { key: TestKey };
  let open: TestProject;
  const tokens: string[] = [];

  beforeAll(async () => {
    keyed = await newProjectWithKey("Fuzz");
    open = await newProject("Fuzz open");
    tokens.push(
      await signToken(keyed.key),
      await signToken(keyed.key, { aud: "rpc.example.com", permissions: ["eth:*"], bodyHash: "ab" }),
      await signToken({ privateKey: keyed.key.privateKey }, { iss: keyed.key.publicPem }),
    );
  });

  function randomToken(random: Random): unknown {
    const valid = pick(random, tokens);
    switch (Math.floor(random() * 10)) {
      case 0:
        return valid;
      case 1: {
        const at = Math.floor(random() * valid.length);
        return valid.slice(0, at) + pick(random, ["A", "_", "-", ".", "=", "é", ""]) + valid.slice(at + 1);
      }
      case 2: {
        const header = { alg: pick(random, ["ES256", "none", "HS256", "RS256", "EdDSA", 7, null]), kid: pick(random, [keyed.key.kid, randomUUID(), "", 3]) };
        if (random() < 0.3) Object.assign(header, { crit: pick(random, [["exp"], ["b64"], "x", []]), b64: pick(random, [false, true]) });
        return `${b64(header)}.${b64(randomJson(random))}.${randomString(random, 90).replace(/[^A-Za-z0-9_-]/g, "")}`;
      }
      case 3:
        return `${b64(randomJson(random))}.${b64(randomJson(random))}.${b64(randomString(random))}`;
      case 4:
        return "a".repeat(Math.floor(random() * 20_000));
      case 5:
        return valid.split(".").slice(0, Math.floor(random() * 3)).join(".");
      case 6:
        return randomJson(random);
      case 7:
        return randomString(random, 200);
      default:
        return pick(random, [undefined, "", null, `${valid}.`, ` ${valid}`]);
    }
  }

  function randomProject(random: Random): unknown {
    return pick(random, [keyed.projectId, keyed.projectId, open.projectId, keyed.projectId.toUpperCase(), randomUUID(), "", "x", randomJson(random)]);
  }

  function randomBody(random: Random): string {
    const roll = random();
    if (roll < 0.1) return randomString(random, 100);
    if (roll < 0.15) return JSON.stringify(randomJson(random));
    if (roll < 0.18) return JSON.stringify({ project: keyed.projectId, body: "x".repeat(60_000 + Math.floor(random() * 10_000)) });
    const body: Record<string, unknown> = {};
    if (random() < 0.95) body.project = randomProject(random);
    if (random() < 0.8) body.token = randomToken(random);
    for (const field of ["audience", "method", "body", "bodySha256"]) {
      if (random() < 0.3) body[field] = random() < 0.8 ? randomString(random) : randomJson(random);
    }
    if (random() < 0.2) body[randomString(random, 10)] = randomJson(random);
    const text = JSON.stringify(body);
    return random() < 0.05 ? text.slice(0, Math.floor(random() * text.length)) : text;
  }

  function randomGatewayHeaders(random: Random): Record<string, string> {
    const roll = random();
    if (roll < 0.85) return { ...GATEWAY };
    if (roll < 0.9) return {};
    return { "x-gateway-key": pick(random, ["test-gateway-key-2", "test-gateway-key-", "TEST-GATEWAY-KEY-1", randomString(random, 30).replace(/[^ -~]/g, "")]) };
  }

  function expectVerifyShape(status: number, json: any, text: string) {
    expect([200, 400, 401, 413], text).toContain(status);
    if (status !== 200) {
      expect(Object.keys(json)).toEqual(["error"]);
      expect(Object.keys(json.error)).toEqual(["code", "message"]);
      expect(status === 401 ? "gateway_unauthorized" : "bad_request").toBe(json.error.code);
      return;
    }
    if (json.valid === true && json.enforced === true) {
      expect(Object.keys(json)).toEqual(["valid", "enforced", "projectId", "kid", "alg", "claims"]);
      expect(json.kid).toBe(keyed.key.kid);
    } else if (json.valid === true) {
      expect(json).toEqual({ valid: true, enforced: false, projectId: expect.any(String) });
    } else {
      expect(Object.keys(json)).toEqual(["valid", "enforced", "projectId", "error"]);
      expect(json.enforced).toBe(true);
      const reason = json.error.reason as FailureReason;
      expect(FAILURE_REASONS).toContain(reason);
      expect(json.error).toEqual({ code: -32013, reason, message: FAILURE_MESSAGES[reason] });
    }
  }

  it(`POST /api/internal/verify answers a documented shape for 500 random requests (seed ${SEED})`, async () => {
    const random = mulberry32(SEED);
    const seen = new Map<string, number>();
    for (let i = 0; i < 500; i++) {
      const headers = { "content-type": pick(random, ["application/json", "text/plain", "application/x-www-form-urlencoded"]), ...randomGatewayHeaders(random) };
      const rawBody = randomBody(random);
      const res = await call(verifyRoute, { method: "POST", rawBody, headers });
      let json: any;
      expect(() => (json = JSON.parse(res.text)), `case ${i}: ${res.text}`).not.toThrow();
      expectVerifyShape(res.status, json, `case ${i} (${res.status}): ${rawBody.slice(0, 200)}`);
      const label = res.status === 200 ? (json.valid ? `valid/${json.enforced}` : json.error.reason) : String(res.status);
      seen.set(label, (seen.get(label) ?? 0) + 1);
    }
    // The generator really reaches the interesting answers.
    for (const label of ["valid/true", "valid/false", "400", "401", "413", "malformed_token", "unknown_project", "missing_token"]) {
      expect(seen.get(label), `${label} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
    }
  });

  it(`forward-auth answers 200 or 401 with a documented body for 300 random requests (seed ${SEED})`, async () => {
    const random = mulberry32(SEED + 1);
    for (let i = 0; i < 300; i++) {
      const headers: Record<string, string> = randomGatewayHeaders(random);
      const token = randomToken(random);
      if (typeof token === "string" && /^[\x21-\x7e]*$/.test(token) && random() < 0.9) headers.authorization = `Bearer ${token}`;
      else if (random() < 0.5) headers.authorization = randomString(random).replace(/[^ -~]/g, "");
      if (random() < 0.3) headers["x-forwarded-host"] = randomString(random, 30).replace(/[^!-~]/g, "") || "[";
      const projectId = String(randomProject(random)) || "x";
      const method = pick(random, ["GET", "POST", "HEAD", "OPTIONS", "DELETE"]);
      const res = await call(forwardAuthRoute, { method, params: { projectId }, headers });
      expect([200, 401], `case ${i}`).toContain(res.status);
      if (res.status === 200) {
        expect(res.text).toBe("");
        continue;
      }
      if (method === "HEAD") continue;
      const json = JSON.parse(res.text);
      if ("error" in json) {
        expect(json).toEqual({ error: { code: "gateway_unauthorized", message: expect.any(String) } });
      } else {
        expect(Object.keys(json)).toEqual(["code", "message"]);
        expect(json.code).toBe(-32013);
        expect(Object.values(FAILURE_MESSAGES)).toContain(json.message);
        expect(res.headers.get("www-authenticate")).toMatch(/^Bearer( error="invalid_token", error_description="[^"\\]+")?$/);
      }
    }
  });
});
