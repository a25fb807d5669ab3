import { afterEach, describe, expect, inject, it } from "vitest";
import { GET as metricsRoute } from "@/app/metrics/route";
import { getPool } from "@/lib/db";
import { LATENCY_BUCKETS } from "@/lib/metrics/metrics";
import { flushUsage } from "@/lib/verify/usage-recorder";
import { call } from "../../support/api";
import { forwardAuth, newProjectWithKey, nowSeconds, randomProjectId, signToken, verify, verifyRaw } from "../verify/verify-fixtures";
import { parseExposition, valueOf, type Sample } from "./prometheus-text";

async function scrape(headers: Record<string, string> = {}) {
  const res = await call(metricsRoute, { path: "/metrics", headers });
  return { ...res, ...(res.status === 200 ? parseExposition(res.text) : { samples: [] as Sample[], types: new Map<string, string>() }) };
}

const verdicts = (samples: Sample[], endpoint: string, result: string) => valueOf(samples, "signet_verifications_total", { endpoint, result }) ?? 0;
const rejections = (samples: Sample[], endpoint: string, code: string) => valueOf(samples, "signet_verify_rejections_total", { endpoint, code }) ?? 0;
const latencyCount = (samples: Sample[], endpoint: string) => valueOf(samples, "signet_verification_duration_seconds_count", { endpoint }) ?? 0;

describe("GET /metrics", () => {
  const originalToken = process.env.METRICS_TOKEN;
  afterEach(() => {
    if (originalToken === undefined) delete process.env.METRICS_TOKEN;
    else process.env.METRICS_TOKEN = originalToken;
  });

  it("counts verdicts by endpoint and result, non-verdict answers by code, and their latency", async () => {
    const project = await newProjectWithKey("Metrics");
    const valid = await signToken(project.key);
    const expired = await signToken(project.key, { iat: nowSeconds() - 120, exp: nowSeconds() - 60 });
    await verify({ project: project.projectId, token: valid }); // loads the project: later answers come from memory
    const before = (await scrape()).samples;

    for (let i = 0; i < 3; i++) expect((await verify({ project: project.projectId, token: valid })).json.valid).toBe(true);
    for (let i = 0; i < 2; i++) expect((await verify({ project: project.projectId, token: expired })).json.error.reason).toBe("expired_token");
    expect((await verify({ project: project.projectId })).json.error.reason).toBe("missing_token");
    expect((await verify({ project: randomProjectId() })).json.error.reason).toBe("unknown_project");
    expect((await verify({ project: project.projectId, token: valid }, { "x-gateway-key": "wrong" })).status).toBe(401);
    expect((await verifyRaw("{not json")).status).toBe(400);
    for (let i = 0; i < 2; i++) expect((await forwardAuth(project.projectId, { authorization: `Bearer ${valid}` })).status).toBe(200);
    expect((await forwardAuth(project.projectId, { authorization: "Bearer garbage" })).status).toBe(401);

    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const after = res.samples;
    const delta = (read: (s: Sample[]) => number) => read(after) - read(before);
    const hint = "is observeVerification / countRejection wired into lib/verify (see the ops report)?";
    expect(delta((s) => verdicts(s, "verify", "valid")), hint).toBe(3);
    expect(delta((s) => verdicts(s, "verify", "expired_token"))).toBe(2);
    expect(delta((s) => verdicts(s, "verify", "missing_token"))).toBe(1);
    expect(delta((s) => verdicts(s, "verify", "unknown_project"))).toBe(1);
    expect(delta((s) => verdicts(s, "forward_auth", "valid"))).toBe(2);
    expect(delta((s) => verdicts(s, "forward_auth", "malformed_token"))).toBe(1);
    expect(delta((s) => rejections(s, "verify", "gateway_unauthorized"))).toBe(1);
    expect(delta((s) => rejections(s, "verify", "bad_request"))).toBe(1);
    expect(res.types.get("signet_verifications_total")).toBe("counter");

    // The histogram: one observation per verdict, cumulative buckets ending in +Inf = count.
    expect(res.types.get("signet_verification_duration_seconds")).toBe("histogram");
    expect(delta((s) => latencyCount(s, "verify"))).toBe(7);
    expect(delta((s) => latencyCount(s, "forward_auth"))).toBe(3);
    const buckets = after
      .filter((s) => s.name === "signet_verification_duration_seconds_bucket" && s.labels.endpoint === "verify")
      .map((s) => ({ le: s.labels.le, value: s.value }));
    expect(buckets.map((b) => b.le)).toEqual([...LATENCY_BUCKETS.map(String), "+Inf"]);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
    expect(buckets.at(-1)!.value).toBe(latencyCount(after, "verify"));
    expect(valueOf(after, "signet_verification_duration_seconds_sum", { endpoint: "verify" })).toBeGreaterThan(0);
    // Answers from memory land in the low buckets (not all: a loaded machine can stall one).
    const under10ms = (s: Sample[]) => valueOf(s, "signet_verification_duration_seconds_bucket", { endpoint: "verify", le: "0.01" }) ?? 0;
    expect(delta(under10ms)).toBeGreaterThanOrEqual(1);
  });

  it("reports the key cache, the database pool, the usage backlog and the process", async () => {
    const project = await newProjectWithKey("Metrics cache");
    await verify({ project: project.projectId, token: await signToken(project.key) });
    await flushUsage();
    const { samples, types } = await scrape();

    expect(valueOf(samples, "signet_key_cache_projects")).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, "signet_key_cache_hits_total")).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, "signet_key_cache_misses_total")).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, "signet_key_cache_loads_total")).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, "signet_key_cache_load_failures_total")).toBeDefined();
    expect(valueOf(samples, "signet_key_cache_evictions_total")).toBeDefined();
    expect([0, 1]).toContain(valueOf(samples, "signet_key_cache_listening"));
    expect([0, 1]).toContain(valueOf(samples, "signet_key_cache_suspect"));
    expect(types.get("signet_key_cache_hits_total")).toBe("counter");

    const pool = getPool();
    expect(valueOf(samples, "signet_db_pool_max_connections")).toBe(pool.options.max);
    expect(valueOf(samples, "signet_db_pool_connections")).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, "signet_db_pool_idle_connections")).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, "signet_db_pool_waiting_clients")).toBe(0);

    expect(valueOf(samples, "signet_usage_pending_counters")).toBe(0);
    expect(valueOf(samples, "signet_usage_pending_last_used")).toBe(0);
    const lagHint = "usage-recorder's pendingUsage() must report lastFlushAtMs (see the ops report)";
    expect(valueOf(samples, "signet_usage_flush_lag_seconds"), lagHint).toBe(0);
    expect(valueOf(samples, "signet_usage_flush_failures_total"), lagHint).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, "signet_usage_dropped_total"), lagHint).toBe(0);

    expect(valueOf(samples, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(valueOf(samples, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
  });

  it("never shows a secret, a token, a project id or a kid", async () => {
    const project = await newProjectWithKey("Metrics secrets");
    const token = await signToken(project.key);
    await verify({ project: project.projectId, token });
    await forwardAuth(project.projectId, { authorization: `Bearer ${token}`, cookie: "next-auth.session-token=abc123secretcookie" });
    await verify({ project: project.projectId, token }, { "x-gateway-key": "a-guessed-gateway-key" });
    const { text } = await scrape();
    const databasePassword = new URL(inject("databaseUrl")).password;
    const secrets = [
      ...(process.env.GATEWAY_KEYS ?? "").split(","),
      "a-guessed-gateway-key",
      process.env.AUTH_SECRET!,
      token,
      token.split(".")[2]!,
      "abc123secretcookie",
      project.projectId,
      project.key.kid,
      ...(databasePassword ? [databasePassword] : []),
    ].filter((s) => s.length >= 6);
    for (const secret of secrets) expect(text.includes(secret), `"${secret.slice(0, 12)}…" in /metrics`).toBe(false);
    expect(text).not.toMatch(/postgres(ql)?:\/\//);
    // Every label value is one of a fixed set: no request data can become a series.
    const labelValues = new Set(parseExposition(text).samples.flatMap((s) => Object.entries(s.labels).filter(([k]) => k !== "le" && k !== "version").map(([, v]) => v)));
    for (const value of labelValues) expect(value).toMatch(/^[a-z0-9_.:/+-]+$/i);
  });

  it("asks for METRICS_TOKEN as a bearer token when it is set, and is open when it is not", async () => {
    delete process.env.METRICS_TOKEN;
    expect((await scrape()).status).toBe(200);
    process.env.METRICS_TOKEN = "metrics-scrape-secret";
    const refused: Array<Record<string, string>> = [
      {},
      { authorization: "Bearer wrong" },
      { authorization: "Basic bWV0cmljczptZXRyaWNzLXNjcmFwZS1zZWNyZXQ=" },
      { authorization: "metrics-scrape-secret" },
    ];
    for (const headers of refused) {
      const res = await scrape(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(res.text).not.toContain("signet_");
      expect(res.text).not.toContain("metrics-scrape-secret");
    }
    const ok = await scrape({ authorization: "Bearer metrics-scrape-secret" });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("signet_verifications_total");
  });
});
