import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE as removeMemberRoute, PATCH as changeRoleRoute } from "@/app/api/v1/projects/[projectId]/members/[userId]/route";
import { GET as listMembersRoute, POST as addMemberRoute } from "@/app/api/v1/projects/[projectId]/members/route";
import { DELETE as revokeInvitationRoute } from "@/app/api/v1/projects/[projectId]/invitations/[invitationId]/route";
import { GET as listInvitationsRoute } from "@/app/api/v1/projects/[projectId]/invitations/route";
import { GET as getProjectRoute } from "@/app/api/v1/projects/[projectId]/route";
import { issueLoginToken } from "@/lib/auth/access-tokens";
import { hashOpaqueToken } from "@/lib/auth/opaque-token";
import { getPrisma } from "@/lib/db";
import { acceptInvitation, getInvitationPreview } from "@/lib/members/invitations";
import { createProject } from "@/lib/projects/projects";
import { signUp } from "@/lib/users/sign-up";
import { call, createTestUser, type TestUser } from "../../support/api";
import { runCommonProjectRouteTests } from "../../support/common-route-tests";

const params = (projectId: string) => ({ projectId });
const memberParams = (projectId: string) => ({ projectId, userId: "00000000-0000-4000-8000-000000000001" });
runCommonProjectRouteTests("GET members", listMembersRoute, { method: "GET", params });
runCommonProjectRouteTests("POST members", addMemberRoute, { method: "POST", params, body: { email: "x@example.test", role: "viewer" } });
runCommonProjectRouteTests("PATCH member", changeRoleRoute, { method: "PATCH", params: memberParams, body: { role: "admin" } });
runCommonProjectRouteTests("DELETE member", removeMemberRoute, { method: "DELETE", params: memberParams });
runCommonProjectRouteTests("GET invitations", listInvitationsRoute, { method: "GET", params });
runCommonProjectRouteTests("DELETE invitation", revokeInvitationRoute, {
  method: "DELETE",
  params: (projectId) => ({ projectId, invitationId: "00000000-0000-4000-8000-000000000002" }),
});

const newEmail = (label: string) => `${label}-${randomBytes(5).toString("hex")}@example.test`;

/** A user signed up with a given email (for invitations sent before the account existed). */
async function userWithEmail(email: string): Promise<TestUser> {
  const user = await signUp({ input: { email, password: "correct horse battery" }, meta: { ip: "127.0.0.1", userAgent: "vitest" } });
  const { token } = await issueLoginToken(user.id);
  return {
    id: user.id,
    email: user.email,
    password: "correct horse battery",
    token,
    caller: { userId: user.id, email: user.email, via: "bearer", meta: { ip: "127.0.0.1", userAgent: "vitest" } },
  };
}

const newProject = async (owner: TestUser) => (await createProject({ caller: owner.caller, input: { name: "Team project" } })).id;
const add = (as: TestUser, projectId: string, body: unknown) => call(addMemberRoute, { method: "POST", token: as.token, params: { projectId }, body });
const list = async (as: TestUser, projectId: string) => (await call(listMembersRoute, { token: as.token, params: { projectId } })).json.members;
const changeRole = (as: TestUser, projectId: string, userId: string, role: string) =>
  call(changeRoleRoute, { method: "PATCH", token: as.token, params: { projectId, userId }, body: { role } });
const remove = (as: TestUser, projectId: string, userId: string) =>
  call(removeMemberRoute, { method: "DELETE", token: as.token, params: { projectId, userId } });
const actions = async (projectId: string) =>
  (await getPrisma().auditEvent.findMany({ where: { projectId }, orderBy: { id: "asc" } })).map((e) => e.action);
const tokenOf = (invitePath: string) => invitePath.replace("/invitations/", "");

async function withMember(owner: TestUser, user: TestUser, role: "owner" | "admin" | "viewer") {
  const projectId = await newProject(owner);
  const res = await add(owner, projectId, { email: user.email, role });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return projectId;
}

let owner: TestUser;
let bob: TestUser;
let carol: TestUser;

beforeAll(async () => {
  owner = await createTestUser("owner");
  bob = await createTestUser("bob");
  carol = await createTestUser("carol");
});

describe("members: listing and adding", () => {
  it("adds an existing user directly (email matched case-insensitively) and lists members, owners first", async () => {
    const projectId = await newProject(owner);
    const res = await add(owner, projectId, { email: `  ${bob.email.toUpperCase()} `, role: "viewer" });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      result: "added",
      member: { userId: bob.id, email: bob.email, name: null, role: "viewer", joinedAt: expect.any(String) },
    });
    const members = await list(bob, projectId);
    expect(members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [owner.email, "owner"],
      [bob.email, "viewer"],
    ]);
    expect(await actions(projectId)).toEqual(["project.created", "member.added"]);
    const read = await call(getProjectRoute, { token: bob.token, params: { projectId } });
    expect(read.json.role).toBe("viewer");
  });

  it("refuses an existing member with 409, a bad email and an unknown role with 422", async () => {
    const projectId = await withMember(owner, bob, "admin");
    const again = await add(owner, projectId, { email: bob.email, role: "viewer" });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("already_member");
    expect(again.json.error.message).toContain("already a member");
    for (const body of [{ email: "not-an-email", role: "viewer" }, { email: newEmail("x"), role: "superuser" }, { role: "viewer" }, {}]) {
      const res = await add(owner, projectId, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.code).toBe("validation_failed");
    }
    expect((await list(owner, projectId)).find((m: { userId: string }) => m.userId === bob.id).role).toBe("admin");
  });

  it("invites an unknown email: a one-time sgi_ link, stored only as a hash, listed without the token", async () => {
    const projectId = await newProject(owner);
    const email = newEmail("newcomer");
    const res = await add(owner, projectId, { email, role: "admin" });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      result: "invited",
      invitePath: expect.stringMatching(/^\/invitations\/sgi_[A-Za-z0-9_-]{43}$/),
      invitation: {
        id: expect.any(String),
        email,
        role: "admin",
        status: "pending",
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        invitedById: owner.id,
      },
    });
    const ttl = Date.parse(res.json.invitation.expiresAt) - Date.parse(res.json.invitation.createdAt);
    expect(ttl).toBe(7 * 24 * 60 * 60 * 1000);
    const token = tokenOf(res.json.invitePath);
    const row = await getPrisma().invitation.findUniqueOrThrow({ where: { id: res.json.invitation.id } });
    expect(row.tokenHash).toBe(hashOpaqueToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const listed = await call(listInvitationsRoute, { token: owner.token, params: { projectId } });
    expect(listed.json.invitations).toEqual([res.json.invitation]);
    expect(listed.text).not.toContain(token);
    expect(await actions(projectId)).toEqual(["project.created", "invitation.created"]);
  });

  it("re-inviting the same email replaces the older invitation, whose link stops working", async () => {
    const projectId = await newProject(owner);
    const email = newEmail("twice");
    const first = await add(owner, projectId, { email, role: "viewer" });
    const second = await add(owner, projectId, { email, role: "admin" });
    const listed = (await call(listInvitationsRoute, { token: owner.token, params: { projectId } })).json.invitations;
    expect(listed.map((i: { id: string; role: string }) => [i.id, i.role])).toEqual([[second.json.invitation.id, "admin"]]);
    expect(await getInvitationPreview({ token: tokenOf(first.json.invitePath) })).toBeNull();
  });

  it("lets only owners add members (an admin gets 403)", async () => {
    const projectId = await withMember(owner, bob, "admin");
    const res = await add(bob, projectId, { email: carol.email, role: "viewer" });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
  });
});

describe("members: roles and removal", () => {
  it("changes a role (owner only), audits it, and answers 404 for a non-member", async () => {
    const projectId = await withMember(owner, bob, "viewer");
    const res = await changeRole(owner, projectId, bob.id, "admin");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ userId: bob.id, role: "admin" });
    expect((await changeRole(bob, projectId, bob.id, "owner")).status).toBe(403);
    expect((await changeRole(owner, projectId, carol.id, "admin")).status).toBe(404);
    expect((await changeRole(owner, projectId, "nope", "admin")).status).toBe(404);
    expect((await changeRole(owner, projectId, bob.id, "root")).status).toBe(422);
    const event = await getPrisma().auditEvent.findFirstOrThrow({ where: { projectId, action: "member.role_changed" } });
    expect(event.metadata).toEqual({ email: bob.email, from: "viewer", to: "admin" });
  });

  it("never lets the last owner be demoted, removed, or leave (409 last_owner)", async () => {
    const projectId = await withMember(owner, bob, "admin");
    const demote = await changeRole(owner, projectId, owner.id, "admin");
    expect(demote.status).toBe(409);
    expect(demote.json.error.code).toBe("last_owner");
    const leave = await remove(owner, projectId, owner.id);
    expect(leave.status).toBe(409);
    expect(leave.json.error.code).toBe("last_owner");
    expect((await list(owner, projectId))[0]).toMatchObject({ userId: owner.id, role: "owner" });
  });

  it("lets an owner step down or leave once another owner exists", async () => {
    const projectId = await withMember(owner, bob, "owner");
    expect((await changeRole(owner, projectId, owner.id, "viewer")).status).toBe(200);
    expect((await changeRole(owner, projectId, bob.id, "viewer")).status).toBe(403);
    expect((await remove(bob, projectId, bob.id)).status).toBe(409);
    expect((await remove(owner, projectId, owner.id)).status).toBe(204);
    expect((await list(bob, projectId)).map((m: { userId: string }) => m.userId)).toEqual([bob.id]);
  });

  it("removes a member, who then gets 404 on the project; a member can leave; others cannot remove", async () => {
    const projectId = await withMember(owner, bob, "admin");
    await add(owner, projectId, { email: carol.email, role: "viewer" });
    expect((await remove(bob, projectId, carol.id)).status).toBe(403);
    expect((await remove(carol, projectId, owner.id)).status).toBe(403);
    expect((await remove(owner, projectId, bob.id)).status).toBe(204);
    expect((await call(getProjectRoute, { token: bob.token, params: { projectId } })).status).toBe(404);
    expect((await remove(carol, projectId, carol.id)).status).toBe(204);
    expect((await call(getProjectRoute, { token: carol.token, params: { projectId } })).status).toBe(404);
    expect((await remove(owner, projectId, carol.id)).status).toBe(404);
    const removed = await getPrisma().auditEvent.findMany({ where: { projectId, action: "member.removed" }, orderBy: { id: "asc" } });
    expect(removed.map((e) => [e.actorId, e.targetId, (e.metadata as { left: boolean }).left])).toEqual([
      [owner.id, bob.id, false],
      [carol.id, carol.id, true],
    ]);
  });

  it("keeps one owner when two owners demote or remove each other at the same time", async () => {
    for (const race of ["demote", "remove"] as const) {
      const projectId = await withMember(owner, bob, "owner");
      const results = await Promise.all(
        race === "demote"
          ? [changeRole(owner, projectId, bob.id, "admin"), changeRole(bob, projectId, owner.id, "admin")]
          : [remove(owner, projectId, bob.id), remove(bob, projectId, owner.id)],
      );
      const statuses = results.map((r) => r.status).sort();
      // The loser is refused as the last owner, or (having been removed/demoted) as no longer an owner.
      expect(statuses[0]).toBe(race === "demote" ? 200 : 204);
      expect([403, 404, 409]).toContain(statuses[1]);
      const owners = await getPrisma().membership.count({ where: { projectId, role: "owner" } });
      expect(owners, race).toBe(1);
    }
  });

  it("keeps one owner when the only two owners both leave at the same time", async () => {
    const projectId = await withMember(owner, bob, "owner");
    const results = await Promise.all([remove(owner, projectId, owner.id), remove(bob, projectId, bob.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 409]);
    expect(await getPrisma().membership.count({ where: { projectId, role: "owner" } })).toBe(1);
  });
});

describe("invitations: accepting and revoking", () => {
  async function invite(projectId: string, email: string, role = "viewer") {
    const res = await add(owner, projectId, { email, role });
    expect(res.json.result).toBe("invited");
    return { token: tokenOf(res.json.invitePath), id: res.json.invitation.id as string };
  }

  it("lets the invited email accept once it has an account (case-insensitively), and audits it", async () => {
    const projectId = await newProject(owner);
    const email = newEmail("Invitee").replace("invitee", "InViTee");
    const { token, id } = await invite(projectId, email, "admin");
    expect(await getInvitationPreview({ token })).toMatchObject({ projectId, projectName: "Team project", role: "admin", status: "pending" });
    const invitee = await userWithEmail(email.toLowerCase());
    expect(await acceptInvitation({ caller: invitee.caller, token })).toEqual({ projectId, role: "admin" });
    expect((await call(getProjectRoute, { token: invitee.token, params: { projectId } })).json.role).toBe("admin");
    expect((await getPrisma().invitation.findUniqueOrThrow({ where: { id } })).acceptedAt).not.toBeNull();
    // Opening the used link again just confirms the membership.
    expect(await acceptInvitation({ caller: invitee.caller, token })).toEqual({ projectId, role: "admin" });
    expect((await call(listInvitationsRoute, { token: owner.token, params: { projectId } })).json.invitations).toEqual([]);
    expect(await actions(projectId)).toEqual(["project.created", "invitation.created", "invitation.accepted"]);
  });

  it("refuses another signed-in email, a used link for someone else, an expired, revoked or malformed link", async () => {
    const projectId = await newProject(owner);
    const email = newEmail("target");
    const { token, id } = await invite(projectId, email);
    const otherProject = await newProject(owner);
    const revoked = await invite(otherProject, email);
    await expect(acceptInvitation({ caller: bob.caller, token })).rejects.toMatchObject({
      code: "forbidden",
      details: { reason: "email_mismatch" },
    });
    expect(await getPrisma().membership.count({ where: { projectId, userId: bob.id } })).toBe(0);

    await getPrisma().invitation.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const target = await userWithEmail(email);
    await expect(acceptInvitation({ caller: target.caller, token })).rejects.toMatchObject({ code: "not_found", details: { reason: "expired" } });

    const revoke = { projectId: otherProject, invitationId: revoked.id };
    expect((await call(revokeInvitationRoute, { method: "DELETE", token: owner.token, params: revoke })).status).toBe(204);
    await expect(acceptInvitation({ caller: target.caller, token: revoked.token })).rejects.toMatchObject({ code: "not_found", details: { reason: "invalid" } });
    await expect(acceptInvitation({ caller: target.caller, token: "sgi_short" })).rejects.toMatchObject({ code: "not_found" });
    expect(await getPrisma().membership.count({ where: { userId: target.id } })).toBe(0);
    expect(await actions(otherProject)).toContain("invitation.revoked");
  });

  it("answers a second accept of a used link for a different account as used", async () => {
    const projectId = await newProject(owner);
    const email = newEmail("once");
    const { token } = await invite(projectId, email);
    const first = await userWithEmail(email);
    await acceptInvitation({ caller: first.caller, token });
    await expect(acceptInvitation({ caller: bob.caller, token })).rejects.toMatchObject({ code: "not_found", details: { reason: "used" } });
  });

  it("accepting twice at the same time creates one membership and one audit row", async () => {
    const projectId = await newProject(owner);
    const email = newEmail("racer");
    const { token } = await invite(projectId, email);
    const invitee = await userWithEmail(email);
    const results = await Promise.all([acceptInvitation({ caller: invitee.caller, token }), acceptInvitation({ caller: invitee.caller, token })]);
    expect(results).toEqual([{ projectId, role: "viewer" }, { projectId, role: "viewer" }]);
    expect((await actions(projectId)).filter((a) => a === "invitation.accepted")).toHaveLength(1);
  });

  it("lets only owners revoke, and only their own project's invitations", async () => {
    const projectId = await withMember(owner, bob, "admin");
    const { id } = await invite(projectId, newEmail("pending"));
    const byAdmin = await call(revokeInvitationRoute, { method: "DELETE", token: bob.token, params: { projectId, invitationId: id } });
    expect(byAdmin.status).toBe(403);
    const otherProject = await newProject(carol);
    const crossTenant = await call(revokeInvitationRoute, { method: "DELETE", token: carol.token, params: { projectId: otherProject, invitationId: id } });
    expect(crossTenant.status).toBe(404);
    const viewerList = await call(listInvitationsRoute, { token: bob.token, params: { projectId } });
    expect(viewerList.json.invitations).toHaveLength(1);
    expect((await call(revokeInvitationRoute, { method: "DELETE", token: owner.token, params: { projectId, invitationId: id } })).status).toBe(204);
    expect((await call(revokeInvitationRoute, { method: "DELETE", token: owner.token, params: { projectId, invitationId: id } })).status).toBe(404);
  });

  it("a direct add clears that person's pending invitation", async () => {
    const projectId = await newProject(owner);
    const email = newEmail("later");
    await invite(projectId, email);
    await userWithEmail(email);
    expect((await add(owner, projectId, { email, role: "viewer" })).json.result).toBe("added");
    expect((await call(listInvitationsRoute, { token: owner.token, params: { projectId } })).json.invitations).toEqual([]);
  });
});
