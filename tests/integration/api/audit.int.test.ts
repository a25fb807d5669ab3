import { beforeAll, describe, expect, it } from "vitest";
import { GET as auditRoute } from "@/app/api/v1/projects/[projectId]/audit/route";
import { PATCH as patchProjectRoute } from "@/app/api/v1/projects/[projectId]/route";
import { POST as createTokenRoute } from "@/app/api/v1/tokens/route";
import { getPrisma } from "@/lib/db";
import { createProject, updateProject } from "@/lib/projects/projects";
import { requireProjectAccess } from "@/lib/projects/access";
import { call, createTestUser, type TestUser } from "../../support/api";
import { runCommonProjectRouteTests } from "../../support/common-route-tests";

runCommonProjectRouteTests("GET audit", auditRoute, { method: "GET", params: (projectId) => ({ projectId }) });

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

let owner: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  owner = await createTestUser("owner");
  viewer = await createTestUser("viewer");
});

function audit(user: TestUser, projectId: string, query = "") {
  return call(auditRoute, { token: user.token, params: { projectId }, path: `/api/v1/projects/${projectId}/audit${query}` });
}

/** A project with `renames` rename events after its creation event. */
async function projectWithHistory(renames: number): Promise<string> {
  const projectId = (await createProject({ caller: owner.caller, input: { name: "History 0" } })).id;
  const access = await requireProjectAccess({ caller: owner.caller, projectId, minRole: "owner" });
  for (let i = 1; i <= renames; i++) await updateProject({ access, input: { name: `History ${i}` } });
  return projectId;
}

describe("audit log API", () => {
  it("lists events newest first with who, what, which target, when and from where", async () => {
    const projectId = (await createProject({ caller: owner.caller, input: { name: "Audited" } })).id;
    const rename = await call(patchProjectRoute, {
      method: "PATCH",
      token: owner.token,
      params: { projectId },
      body: { name: "Audited, renamed" },
      headers: { "x-forwarded-for": "198.51.100.1", "x-signet-client-ip": "203.0.113.9", "user-agent": "audit-test/1.0" },
    });
    expect(rename.status).toBe(200);
    const res = await audit(owner, projectId);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      events: [
        {
          id: expect.stringMatching(/^\d+$/),
          at: expect.stringMatching(RFC3339),
          actor: { id: owner.id, email: owner.email },
          action: "project.renamed",
          target: { type: "project", id: projectId },
          ip: "203.0.113.9",
          userAgent: "audit-test/1.0",
          metadata: { from: "Audited", to: "Audited, renamed" },
        },
        {
          id: expect.stringMatching(/^\d+$/),
          at: expect.stringMatching(RFC3339),
          actor: { id: owner.id, email: owner.email },
          action: "project.created",
          target: { type: "project", id: projectId },
          ip: "127.0.0.1",
          userAgent: "vitest",
          metadata: { name: "Audited" },
        },
      ],
      nextCursor: null,
    });
  });

  it("pages with an opaque cursor: no gaps, no repeats, null at the end", async () => {
    const projectId = await projectWithHistory(6);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await audit(owner, projectId, `?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.json.events.length).toBeLessThanOrEqual(3);
      seen.push(...res.json.events.map((e: { metadata: { to?: string; name?: string } }) => e.metadata.to ?? e.metadata.name));
      cursor = res.json.nextCursor;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(["History 6", "History 5", "History 4", "History 3", "History 2", "History 1", "History 0"]);
  });

  it("defaults to 50 per page and caps limit at 100", async () => {
    const projectId = await projectWithHistory(55);
    const first = await audit(owner, projectId);
    expect(first.json.events).toHaveLength(50);
    expect(first.json.nextCursor).not.toBeNull();
    const rest = await audit(owner, projectId, `?cursor=${first.json.nextCursor}`);
    expect(rest.json.events).toHaveLength(6);
    expect(rest.json.nextCursor).toBeNull();
    expect((await audit(owner, projectId, "?limit=100")).json.events).toHaveLength(56);
  });

  it("filters by action, and pages within the filter", async () => {
    const projectId = await projectWithHistory(3);
    const res = await audit(owner, projectId, "?action=project.renamed&limit=2");
    expect(res.json.events.map((e: { action: string }) => e.action)).toEqual(["project.renamed", "project.renamed"]);
    const next = await audit(owner, projectId, `?action=project.renamed&limit=2&cursor=${res.json.nextCursor}`);
    expect(next.json.events.map((e: { metadata: { to: string } }) => e.metadata.to)).toEqual(["History 1"]);
    expect(next.json.nextCursor).toBeNull();
    const created = await audit(owner, projectId, "?action=project.created&cursor=&limit=");
    expect(created.json.events).toHaveLength(1);
  });

  it("refuses a bad limit or action with 422 and a bad cursor with 400", async () => {
    const projectId = await projectWithHistory(0);
    for (const query of ["?limit=0", "?limit=101", "?limit=abc", "?limit=2.5", "?action=project.exploded"]) {
      const res = await audit(owner, projectId, query);
      expect(res.status, query).toBe(422);
      expect(res.json.error.code).toBe("validation_failed");
    }
    for (const cursor of ["!!!", "LTE", Buffer.from("1 OR 1=1").toString("base64url"), "x".repeat(100)]) {
      const res = await audit(owner, projectId, `?cursor=${encodeURIComponent(cursor)}`);
      expect([400, 422], cursor).toContain(res.status);
    }
  });

  it("is readable by a viewer, and never shows another project's or account-level events", async () => {
    const projectId = await projectWithHistory(1);
    await getPrisma().membership.create({ data: { projectId, userId: viewer.id, role: "viewer" } });
    const other = await projectWithHistory(2);
    await call(createTokenRoute, { method: "POST", token: owner.token, body: { name: "not a project event" } });

    const res = await audit(viewer, projectId);
    expect(res.status).toBe(200);
    expect(res.json.events.map((e: { target: { id: string } }) => e.target.id)).toEqual([projectId, projectId]);
    expect(res.text).not.toContain("token.created");
    // A cursor from the other project only bounds the id: the project filter still applies.
    const otherPage = await audit(owner, other, "?limit=1");
    const crossed = await audit(viewer, projectId, `?cursor=${otherPage.json.nextCursor}`);
    expect(crossed.json.events.every((e: { target: { id: string } }) => e.target.id === projectId)).toBe(true);
    expect((await audit(viewer, other)).status).toBe(404);
  });
});
