import { afterEach, describe, expect, it } from "vitest";
import { handleForwardAuthRequest, type ForwardAuthRequest } from "@/lib/verify/forward-auth";
import { clientAddress, createGatewayGuard, normaliseAddress, resetGatewayGuard, type GatewayCaller } from "@/lib/verify/gateway-rate-limit";
import { handleVerifyRequest, type VerifyServiceRequest } from "@/lib/verify/verify-service";
import { GATEWAY, newProjectWithKey, signToken } from "../verify/verify-fixtures";
import { captureLogs } from "./log-capture";

const WRONG = { "x-gateway-key": "not-a-gateway-key" };
const from = (remoteAddress: string | null, headers: Record<string, string> = WRONG): GatewayCaller => ({ headers, remoteAddress });

describe("gateway guard: wrong X-Gateway-Key attempts per client address", () => {
  function guardAt(limit: number, trustProxy = 0) {
    let now = 1_000_000;
    const guard = createGatewayGuard({ limit, windowMs: 60_000, trustProxy, now: () => now });
    return { guard, advance: (ms: number) => (now += ms) };
  }

  it("answers 401 up to the limit, then 429 with Retry-After without looking at the key, until the window ends", () => {
    const { guard, advance } = guardAt(3);
    for (let i = 0; i < 3; i++) expect(guard.check(from("10.0.0.1"))?.status).toBe(401);
    advance(15_000);
    const limited = guard.check(from("10.0.0.1"))!;
    expect(limited.status).toBe(429);
    expect(limited.headers["Retry-After"]).toBe("45");
    expect(JSON.parse(limited.body)).toEqual({ error: { code: "rate_limited", message: expect.stringContaining("45 s") } });
    // A right key from the limited address is refused too: while limited, answers say nothing about keys.
    expect(guard.check(from("10.0.0.1", GATEWAY))?.status).toBe(429);
    // Other addresses are not affected.
    expect(guard.check(from("10.0.0.2", GATEWAY))).toBeNull();
    expect(guard.check(from("10.0.0.2"))?.status).toBe(401);
    advance(45_000);
    expect(guard.check(from("10.0.0.1", GATEWAY))).toBeNull();
    expect(guard.check(from("10.0.0.1"))?.status).toBe(401);
  });

  it("never counts a right key, and a limit of 0 turns the guard off", () => {
    const { guard } = guardAt(2);
    for (let i = 0; i < 100; i++) expect(guard.check(from("10.0.0.3", GATEWAY))).toBeNull();
    expect(guard.check(from("10.0.0.3"))?.status).toBe(401);
    expect(guard.check(from("10.0.0.3"))?.status).toBe(401);
    expect(guard.check(from("10.0.0.3"))?.status).toBe(429);

    const { guard: off } = guardAt(0);
    for (let i = 0; i < 100; i++) expect(off.check(from("10.0.0.4"))?.status).toBe(401);
    expect(off.check(from("10.0.0.4", GATEWAY))).toBeNull();
  });

  it("counts IPv6 clients per /64 and IPv4-mapped addresses as IPv4", () => {
    const { guard } = guardAt(2);
    expect(guard.check(from("2001:db8:1:2::1"))?.status).toBe(401);
    expect(guard.check(from("2001:db8:1:2:ffff::9"))?.status).toBe(401);
    expect(guard.check(from("2001:db8:1:2::abcd", GATEWAY))?.status).toBe(429);
    expect(guard.check(from("2001:db8:1:3::1", GATEWAY))).toBeNull();
    expect(guard.check(from("::ffff:192.0.2.1"))?.status).toBe(401);
    expect(guard.check(from("192.0.2.1"))?.status).toBe(401);
    expect(guard.check(from("::ffff:192.0.2.1", GATEWAY))?.status).toBe(429);
  });

  it("takes the address from the socket, or with TRUST_PROXY=n from the n-th X-Forwarded-For entry from the right", () => {
    const headers = { "x-forwarded-for": "198.51.100.7, 203.0.113.9" };
    expect(clientAddress({ headers, remoteAddress: "10.1.1.1" }, 0)).toBe("10.1.1.1");
    expect(clientAddress({ headers, remoteAddress: "10.1.1.1" }, 1)).toBe("203.0.113.9");
    expect(clientAddress({ headers, remoteAddress: "10.1.1.1" }, 2)).toBe("198.51.100.7");
    expect(clientAddress({ headers, remoteAddress: "10.1.1.1" }, 3)).toBe("10.1.1.1");
    expect(clientAddress({ headers: { "x-forwarded-for": "not-an-ip" }, remoteAddress: "10.1.1.1" }, 1)).toBe("10.1.1.1");
    expect(clientAddress({ headers: {}, remoteAddress: undefined }, 0)).toBeNull();
    // A client cannot choose its own entry: it only controls what is left of the proxy's.
    const spoofed = { "x-forwarded-for": "1.2.3.4, 203.0.113.9" };
    expect(clientAddress({ headers: spoofed, remoteAddress: "10.1.1.1" }, 1)).toBe("203.0.113.9");
  });

  it("does not limit a caller whose address is unknown (Next's routes without TRUST_PROXY)", () => {
    const { guard } = guardAt(1);
    for (let i = 0; i < 5; i++) expect(guard.check(from(null))?.status).toBe(401);
  });

  it("normalises addresses", () => {
    expect(normaliseAddress("::1")).toBe("0:0:0:0::/64");
    expect(normaliseAddress("[2001:DB8::1]")).toBe("2001:db8:0:0::/64");
    expect(normaliseAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(normaliseAddress("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
    expect(normaliseAddress(" 192.0.2.1 ")).toBe("192.0.2.1");
    expect(normaliseAddress("example.com")).toBeNull();
  });
});

describe("gateway guard on the verification endpoints", () => {
  const saved = { limit: process.env.GATEWAY_RATE_LIMIT, trust: process.env.TRUST_PROXY };
  afterEach(() => {
    for (const [name, value] of [["GATEWAY_RATE_LIMIT", saved.limit], ["TRUST_PROXY", saved.trust]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetGatewayGuard();
  });

  // Values, not literals: remoteAddress is the field scripts/server.mjs fills from the socket.
  const verifyFrom = (remoteAddress: string, headers: Record<string, string>, body: unknown) => {
    const request: VerifyServiceRequest & { remoteAddress?: string } = { headers, bodyText: JSON.stringify(body), remoteAddress };
    return Promise.resolve(handleVerifyRequest(request));
  };
  const forwardFrom = (remoteAddress: string, headers: Record<string, string>, projectId: string) => {
    const request: ForwardAuthRequest & { remoteAddress?: string } = { projectId, headers, remoteAddress };
    return Promise.resolve(handleForwardAuthRequest(request));
  };

  it("limits wrong keys per address across verify and forward-auth (default 30 a minute), and logs the address once, never the key", async () => {
    delete process.env.GATEWAY_RATE_LIMIT;
    delete process.env.TRUST_PROXY;
    resetGatewayGuard();
    const project = await newProjectWithKey("Gateway rate limit");
    const token = await signToken(project.key);
    const capture = captureLogs();
    try {
      const hint = "is checkGatewayAccess wired into verify-service / forward-auth (see the ops report)?";
      for (let i = 0; i < 20; i++) expect((await verifyFrom("203.0.113.50", WRONG, { project: project.projectId, token })).status, hint).toBe(401);
      for (let i = 0; i < 10; i++) expect((await forwardFrom("203.0.113.50", { ...WRONG, authorization: `Bearer ${token}` }, project.projectId)).status).toBe(401);
      const limited = await verifyFrom("203.0.113.50", GATEWAY, { project: project.projectId, token });
      expect(limited.status, hint).toBe(429);
      expect(Number(limited.headers["Retry-After"])).toBeGreaterThan(0);
      expect(JSON.parse(limited.body).error.code).toBe("rate_limited");
      expect((await forwardFrom("203.0.113.50", { ...GATEWAY, authorization: `Bearer ${token}` }, project.projectId)).status).toBe(429);
      // Another gateway keeps working.
      const other = await verifyFrom("203.0.113.51", GATEWAY, { project: project.projectId, token });
      expect(other.status).toBe(200);
      expect(JSON.parse(other.body).valid).toBe(true);
    } finally {
      capture.restore();
    }
    const warnings = capture.lines.filter((line) => line.includes("too many wrong gateway keys"));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: "warn", client: "203.0.113.50", limit: 30 });
    expect(capture.lines.join("\n")).not.toContain(WRONG["x-gateway-key"]);
  });

  it("reads GATEWAY_RATE_LIMIT and TRUST_PROXY", async () => {
    process.env.GATEWAY_RATE_LIMIT = "2";
    process.env.TRUST_PROXY = "1";
    resetGatewayGuard();
    const project = await newProjectWithKey("Gateway rate limit env");
    const behindProxy = (client: string, headers: Record<string, string>) =>
      verifyFrom("10.9.9.9", { ...headers, "x-forwarded-for": `192.0.2.200, ${client}` }, { project: project.projectId });
    expect((await behindProxy("198.51.100.1", WRONG)).status).toBe(401);
    expect((await behindProxy("198.51.100.1", WRONG)).status).toBe(401);
    expect((await behindProxy("198.51.100.1", GATEWAY)).status).toBe(429);
    // Same proxy socket, another client behind it: not limited.
    expect((await behindProxy("198.51.100.2", GATEWAY)).status).toBe(200);
  });
});
