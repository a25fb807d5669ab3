import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as usageRoute } from "@/app/api/v1/projects/[projectId]/usage/route";
import { getPrisma } from "@/lib/db";
import { usageReportResponseSchema } from "@/lib/validations/responses";
import { flushUsage, recordVerification } from "@/lib/verify/usage-recorder";
import { call, createTestUser, type TestUser } from "../../support/api";
import { runCommonProjectRouteTests } from "../../support/common-route-tests";
import { addKey, newProject, newProjectWithKey, nowSeconds, signToken, verify, type TestProject } from "../verify/verify-fixtures";

runCommonProjectRouteTests("GET usage", usageRoute, { method: "GET", params: (projectId) => ({ projectId }) });

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const floorTo = (ms: number, step: number) => ms - (ms % step);

async function usage(project: TestProject, query = "", user: TestUser = project.owner) {
  const path = `/api/v1/projects/${project.projectId}/usage${query}`;
  const res = await call(usageRoute, { token: user.token, params: { projectId: project.projectId }, path });
  // Every report matches the response schema the OpenAPI document publishes.
  if (res.status === 200) expect(usageReportResponseSchema.safeParse(res.json).error).toBeUndefined();
  return res;
}

type Bucket = { start: string; total: number; counts: Record<string, number> };
const bucketAt = (buckets: Bucket[], ms: number) => buckets.find((bucket) => bucket.start === new Date(ms).toISOString());

let viewer: TestUser;

beforeAll(async () => {
  viewer = await createTestUser("usage-viewer");
});

describe("usage API: aggregation", () => {
  let project: TestProject & { key: { kid: string } };
  let t0: number;

  beforeAll(async () => {
    project = await newProjectWithKey("Usage report");
    const { projectId, key } = project as TestProject & { key: Awaited<ReturnType<typeof addKey>> };
    t0 = Date.now();
    // The real path: the verify route counts in memory, flushUsage writes the batch.
    const valid = await signToken(key);
    const expired = await signToken(key, { iat: nowSeconds() - 100, exp: nowSeconds() - 50 });
    for (let i = 0; i < 3; i++) expect((await verify({ project: projectId, token: valid })).json.valid).toBe(true);
    for (let i = 0; i < 2; i++) await verify({ project: projectId, token: expired });
    await verify({ project: projectId });
    // Older traffic, recorded by the same recorder with earlier timestamps.
    for (let i = 0; i < 4; i++) recordVerification(projectId, key.kid, "valid", t0 - 5 * HOUR);
    for (let i = 0; i < 10; i++) recordVerification(projectId, key.kid, "valid", t0 - 3 * DAY);
    recordVerification(projectId, key.kid, "signature_invalid", t0 - 3 * DAY);
    recordVerification(projectId, key.kid, "valid", t0 - 40 * DAY);
    await flushUsage();
  });

  it("answers 24 zero-filled hourly buckets with valid and each failure reason", async () => {
    const res = await usage(project, "?range=24h");
    expect(res.status, res.text).toBe(200);
    const body = res.json;
    expect(body).toMatchObject({ range: "24h", granularity: "hour", kid: null, hasAnyUsage: true });
    expect(body.buckets).toHaveLength(24);
    expect(body.results).toEqual(["valid", "missing_token", "expired_token"]);
    expect(new Date(body.to).getTime() - new Date(body.from).getTime()).toBe(DAY);

    const current = bucketAt(body.buckets, floorTo(t0, HOUR))!;
    expect(current.counts).toEqual({ valid: 3, missing_token: 1, expired_token: 2 });
    expect(current.total).toBe(6);
    const earlier = bucketAt(body.buckets, floorTo(t0 - 5 * HOUR, HOUR))!;
    expect(earlier).toMatchObject({ total: 4, counts: { valid: 4, missing_token: 0, expired_token: 0 } });
    expect(body.buckets.reduce((sum: number, bucket: Bucket) => sum + bucket.total, 0)).toBe(10);
    expect(body.buckets.filter((bucket: Bucket) => bucket.total === 0)).toHaveLength(22);
    // Oldest first, one hour apart.
    const starts = body.buckets.map((bucket: Bucket) => new Date(bucket.start).getTime());
    expect(starts.every((start: number, i: number) => i === 0 || start - starts[i - 1] === HOUR)).toBe(true);

    expect(body.totals).toEqual({
      total: 10,
      valid: 7,
      failed: 3,
      byResult: [
        { result: "valid", count: 7 },
        { result: "expired_token", count: 2 },
        { result: "missing_token", count: 1 },
      ],
    });
    expect(body.keys).toEqual([
      { kid: project.key.kid, name: null, status: "active", lastUsedAt: expect.any(String), total: 9, valid: 7, failed: 2 },
    ]);
    expect(body.unattributed).toEqual({ total: 1, valid: 0, failed: 1 });
  });

  it("answers 30 daily buckets (UTC days) and leaves out older traffic", async () => {
    const res = await usage(project, "?range=30d");
    expect(res.status).toBe(200);
    const body = res.json;
    expect(body).toMatchObject({ range: "30d", granularity: "day" });
    expect(body.buckets).toHaveLength(30);
    expect(body.results).toEqual(["valid", "missing_token", "signature_invalid", "expired_token"]);
    const threeDaysAgo = bucketAt(body.buckets, floorTo(t0 - 3 * DAY, DAY))!;
    expect(threeDaysAgo.counts).toMatchObject({ valid: 10, signature_invalid: 1 });
    const sameDay = floorTo(t0, DAY) === floorTo(t0 - 5 * HOUR, DAY);
    expect(bucketAt(body.buckets, floorTo(t0, DAY))!.counts.valid).toBe(sameDay ? 7 : 3);
    // The verification 40 days ago is outside the window.
    expect(body.totals).toMatchObject({ total: 21, valid: 17, failed: 4 });
  });

  it("the default range is 24 hours", async () => {
    const res = await usage(project, "?range=&kid=");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ range: "24h", kid: null });
  });
});

describe("usage API: one key", () => {
  it("filters buckets and totals to the key, and still lists every key's totals", async () => {
    const project = await newProject("Usage per key");
    const first = await addKey(project);
    const second = await addKey(project);
    const now = Date.now();
    for (let i = 0; i < 5; i++) recordVerification(project.projectId, first.kid, "valid", now);
    for (let i = 0; i < 2; i++) recordVerification(project.projectId, second.kid, "valid", now);
    recordVerification(project.projectId, second.kid, "revoked_key", now);
    recordVerification(project.projectId, "", "malformed_token", now);
    await flushUsage();

    const res = await usage(project, `?range=24h&kid=${second.kid.toUpperCase()}`);
    expect(res.status, res.text).toBe(200);
    expect(res.json.kid).toBe(second.kid);
    expect(res.json.results).toEqual(["valid", "revoked_key"]);
    expect(res.json.totals).toMatchObject({ total: 3, valid: 2, failed: 1 });
    const totalsByKid = Object.fromEntries(res.json.keys.map((key: { kid: string; total: number }) => [key.kid, key.total]));
    expect(totalsByKid).toEqual({ [first.kid]: 5, [second.kid]: 3 });
    expect(res.json.unattributed.total).toBe(1);
  });
});

describe("usage API: refusals and tenancy", () => {
  it("refuses a bad range or a kid that is not a UUID with 422", async () => {
    const project = await newProject("Usage refusals");
    for (const query of ["?range=7d", "?range=24H", "?range=1", "?kid=not-a-kid", "?kid=' OR 1=1 --"]) {
      const res = await usage(project, query.replace(/ /g, "%20"));
      expect(res.status, query).toBe(422);
      expect(res.json.error.code).toBe("validation_failed");
    }
  });

  it("answers 404 for a kid that is not one of the project's keys, including another project's", async () => {
    const project = await newProjectWithKey("Usage A");
    const other = await newProjectWithKey("Usage B");
    for (const kid of [randomUUID(), other.key.kid]) {
      const res = await usage(project, `?kid=${kid}`);
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
  });

  it("never counts another project's verifications", async () => {
    const project = await newProjectWithKey("Usage isolated");
    const other = await newProjectWithKey("Usage noisy");
    for (let i = 0; i < 7; i++) recordVerification(other.projectId, other.key.kid, "valid");
    recordVerification(other.projectId, "", "missing_token");
    await flushUsage();
    const res = await usage(project);
    expect(res.json.totals.total).toBe(0);
    expect(res.json.hasAnyUsage).toBe(false);
    expect(res.json.results).toEqual([]);
    expect(res.json.buckets).toHaveLength(24);
    expect(res.json.buckets.every((bucket: Bucket) => bucket.total === 0 && Object.keys(bucket.counts).length === 0)).toBe(true);
    expect(res.json.unattributed).toEqual({ total: 0, valid: 0, failed: 0 });
    expect((await usage(other)).json.totals.total).toBe(8);
  });

  it("is readable by a viewer", async () => {
    const project = await newProjectWithKey("Usage viewer");
    await getPrisma().membership.create({ data: { projectId: project.projectId, userId: viewer.id, role: "viewer" } });
    recordVerification(project.projectId, project.key.kid, "valid");
    await flushUsage();
    const res = await usage(project, "?range=30d", viewer);
    expect(res.status).toBe(200);
    expect(res.json.totals.valid).toBe(1);
  });
});
