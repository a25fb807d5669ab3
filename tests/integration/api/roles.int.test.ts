// One role matrix over every project route: viewer reads only; admin also writes keys and settings;
// only an owner deletes the project or manages members. Each case runs on a fresh project.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as auditRoute } from "@/app/api/v1/projects/[projectId]/audit/route";
import { DELETE as revokeInvitationRoute } from "@/app/api/v1/projects/[projectId]/invitations/[invitationId]/route";
import { GET as listInvitationsRoute } from "@/app/api/v1/projects/[projectId]/invitations/route";
import { DELETE as revokeKeyRoute, GET as getKeyRoute, PATCH as renameKeyRoute } from "@/app/api/v1/projects/[projectId]/keys/[kid]/route";
import { GET as listKeysRoute, POST as addKeyRoute } from "@/app/api/v1/projects/[projectId]/keys/route";
import { DELETE as removeMemberRoute, PATCH as changeRoleRoute } from "@/app/api/v1/projects/[projectId]/members/[userId]/route";
import { GET as listMembersRoute, POST as addMemberRoute } from "@/app/api/v1/projects/[projectId]/members/route";
import { DELETE as deleteProjectRoute, GET as getProjectRoute, PATCH as patchProjectRoute } from "@/app/api/v1/projects/[projectId]/route";
import { GET as usageRoute } from "@/app/api/v1/projects/[projectId]/usage/route";
import { getPrisma } from "@/lib/db";
import { addPublicKey } from "@/lib/keys/public-keys";
import { addMember } from "@/lib/members/members";
import { requireProjectAccess } from "@/lib/projects/access";
import { createProject } from "@/lib/projects/projects";
import { roleAtLeast, ROLES, type Role } from "@/lib/projects/roles";
import { call, createTestUser, type TestUser } from "../../support/api";

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

interface Fixture {
  projectId: string;
  kid: string;
  /** A viewer who is neither the caller nor the creator: the target of member changes. */
  memberId: string;
  invitationId: string;
}

interface RouteCase {
  name: string;
  /** Under app/api/v1/projects/[projectId]. */
  path: string;
  handler: unknown;
  method: string;
  minRole: Role;
  success: number;
  params?: (f: Fixture) => Record<string, string>;
  body?: (f: Fixture) => unknown;
}

const publicPem = () =>
  generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString();

let outsider: TestUser;

const ROUTES: RouteCase[] = [
  { name: "GET project", path: "", handler: getProjectRoute, method: "GET", minRole: "viewer", success: 200 },
  { name: "PATCH project", path: "", handler: patchProjectRoute, method: "PATCH", minRole: "admin", success: 200, body: () => ({ name: "Renamed", policy: { requireExp: true } }) },
  { name: "DELETE project", path: "", handler: deleteProjectRoute, method: "DELETE", minRole: "owner", success: 204 },
  { name: "GET keys", path: "/keys", handler: listKeysRoute, method: "GET", minRole: "viewer", success: 200 },
  { name: "POST keys", path: "/keys", handler: addKeyRoute, method: "POST", minRole: "admin", success: 201, body: () => ({ publicKey: publicPem() }) },
  { name: "GET key", path: "/keys/[kid]", handler: getKeyRoute, method: "GET", minRole: "viewer", success: 200, params: (f) => ({ kid: f.kid }) },
  { name: "PATCH key", path: "/keys/[kid]", handler: renameKeyRoute, method: "PATCH", minRole: "admin", success: 200, params: (f) => ({ kid: f.kid }), body: () => ({ name: "New name" }) },
  { name: "DELETE key", path: "/keys/[kid]", handler: revokeKeyRoute, method: "DELETE", minRole: "admin", success: 200, params: (f) => ({ kid: f.kid }) },
  { name: "GET members", path: "/members", handler: listMembersRoute, method: "GET", minRole: "viewer", success: 200 },
  { name: "POST members", path: "/members", handler: addMemberRoute, method: "POST", minRole: "owner", success: 201, body: () => ({ email: outsider.email, role: "viewer" }) },
  { name: "PATCH member", path: "/members/[userId]", handler: changeRoleRoute, method: "PATCH", minRole: "owner", success: 200, params: (f) => ({ userId: f.memberId }), body: () => ({ role: "admin" }) },
  { name: "DELETE member", path: "/members/[userId]", handler: removeMemberRoute, method: "DELETE", minRole: "owner", success: 204, params: (f) => ({ userId: f.memberId }) },
  { name: "GET invitations", path: "/invitations", handler: listInvitationsRoute, method: "GET", minRole: "viewer", success: 200 },
  { name: "DELETE invitation", path: "/invitations/[invitationId]", handler: revokeInvitationRoute, method: "DELETE", minRole: "owner", success: 204, params: (f) => ({ invitationId: f.invitationId }) },
  { name: "GET audit", path: "/audit", handler: auditRoute, method: "GET", minRole: "viewer", success: 200 },
  { name: "GET usage", path: "/usage", handler: usageRoute, method: "GET", minRole: "viewer", success: 200 },
];

let creator: TestUser;
let users: Record<Role, TestUser>;
let target: TestUser;

beforeAll(async () => {
  [creator, outsider, target] = await Promise.all([createTestUser("creator"), createTestUser("outsider"), createTestUser("target")]);
  const [owner, admin, viewer] = await Promise.all([createTestUser("owner"), createTestUser("admin"), createTestUser("viewer")]);
  users = { owner: owner!, admin: admin!, viewer: viewer! };
});

/** A project made by `creator`, with the three role holders, a target member, a key and a pending invitation. */
async function freshProject(): Promise<Fixture> {
  const projectId = (await createProject({ caller: creator.caller, input: { name: "Matrix" } })).id;
  await getPrisma().membership.createMany({
    data: [
      ...ROLES.map((role) => ({ projectId, userId: users[role].id, role })),
      { projectId, userId: target.id, role: "viewer" as const },
    ],
  });
  const access = await requireProjectAccess({ caller: creator.caller, projectId, minRole: "owner" });
  const key = await addPublicKey({ access, input: { publicKey: publicPem(), name: "Existing" } });
  const invited = await addMember({ access, input: { email: `invitee-${randomBytes(4).toString("hex")}@example.test`, role: "viewer" } });
  if (invited.result !== "invited") throw new Error("expected an invitation");
  return { projectId, kid: key.kid, memberId: target.id, invitationId: invited.invitation.id };
}

describe.each(ROLES)("role matrix: %s", (role) => {
  it.each(ROUTES.map((route) => [route.name, route] as const))(`%s`, async (_name, route) => {
    const fixture = await freshProject();
    const allowed = roleAtLeast(role, route.minRole);
    const res = await call(route.handler as Handler, {
      method: route.method,
      token: users[role].token,
      params: { projectId: fixture.projectId, ...route.params?.(fixture) } as never,
      body: route.body?.(fixture),
    });
    if (allowed) {
      expect(res.status, JSON.stringify(res.json)).toBe(route.success);
    } else {
      expect(res.status, JSON.stringify(res.json)).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
    }
  });
});

describe("role matrix: a writer refused with 403 changes nothing", () => {
  it("leaves the project, its key, members and invitation untouched after every refused write", async () => {
    const fixture = await freshProject();
    const snapshot = async () => {
      const db = getPrisma();
      return JSON.stringify({
        project: await db.project.findUnique({ where: { id: fixture.projectId }, select: { name: true, requireExp: true } }),
        keys: await db.publicKey.findMany({ where: { projectId: fixture.projectId }, select: { kid: true, name: true, revokedAt: true }, orderBy: { kid: "asc" } }),
        members: await db.membership.findMany({ where: { projectId: fixture.projectId }, select: { userId: true, role: true }, orderBy: { userId: "asc" } }),
        invitations: await db.invitation.count({ where: { projectId: fixture.projectId } }),
        audit: await db.auditEvent.count({ where: { projectId: fixture.projectId } }),
      });
    };
    const before = await snapshot();
    for (const route of ROUTES.filter((r) => r.method !== "GET")) {
      const res = await call(route.handler as Handler, {
        method: route.method,
        token: users.viewer.token,
        params: { projectId: fixture.projectId, ...route.params?.(fixture) } as never,
        body: route.body?.(fixture),
      });
      expect(res.status, route.name).toBe(403);
    }
    expect(await snapshot()).toBe(before);
  });
});

// Public by design (gateways fetch it without credentials); its own tests cover it.
const PUBLIC_ROUTES = new Set(["GET /jwks.json"]);
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

describe("role matrix: coverage", () => {
  it("covers every method of every route under app/api/v1/projects/[projectId]", async () => {
    const root = path.join(process.cwd(), "app/api/v1/projects/[projectId]");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((file) => path.basename(file) === "route.ts");
    const found: string[] = [];
    for (const file of files) {
      const routeModule = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
      const dir = path.dirname(file) === "." ? "" : `/${path.dirname(file).split(path.sep).join("/")}`;
      for (const method of HTTP_METHODS) if (typeof routeModule[method] === "function") found.push(`${method} ${dir}`);
    }
    const covered = new Set([...ROUTES.map((r) => `${r.method} ${r.path}`), ...PUBLIC_ROUTES]);
    expect(found.filter((route) => !covered.has(route))).toEqual([]);
    expect(found.length).toBeGreaterThanOrEqual(ROUTES.length);
  });
});
