import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { requireProjectAccess } from "@/lib/projects/access";
import { debugToken } from "@/lib/verify/debug-token";
import { pendingUsage } from "@/lib/verify/usage-recorder";
import { createTestUser } from "../../support/api";
import { newProjectWithKey, signToken } from "./verify-fixtures";

describe("token debugger", () => {
  it("shows a viewer the decoded token and the verdict a gateway would get, counting nothing", async () => {
    const project = await newProjectWithKey("Debugger");
    const viewer = await createTestUser("viewer");
    await getPrisma().membership.create({ data: { projectId: project.projectId, userId: viewer.id, role: "viewer" } });
    const access = await requireProjectAccess({ caller: viewer.caller, projectId: project.projectId });
    const before = pendingUsage().counters;

    const valid = await debugToken({ access, input: { token: await signToken(project.key, { sub: "alice" }) } });
    expect(valid.verdict).toMatchObject({ valid: true, enforced: true, kid: project.key.kid, claims: { sub: "alice" } });
    expect(valid.decoded.header).toMatchObject({ ok: true, value: { alg: "ES256", kid: project.key.kid } });

    const wrongAudience = await debugToken({
      access,
      input: { token: await signToken(project.key, { aud: "a.example.com" }), audience: "b.example.com" },
    });
    expect(wrongAudience.verdict).toMatchObject({ valid: false, error: { reason: "audience_mismatch" } });
    expect(wrongAudience.failedKid).toBe(project.key.kid);
    expect(wrongAudience.decoded.payload).toMatchObject({ ok: true, value: { aud: "a.example.com" } });

    const garbage = await debugToken({ access, input: { token: "not-a-token" } });
    expect(garbage.verdict).toMatchObject({ valid: false, error: { reason: "malformed_token" } });
    expect(garbage.decoded.header.ok).toBe(false);
    expect(pendingUsage().counters).toBe(before);
  });

  it("refuses an empty token with a field error", async () => {
    const project = await newProjectWithKey("Debugger empty");
    const error = await debugToken({ access: project.access, input: { token: "  " } }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("validation_failed");
    expect(isAppError(error) && error.details?.fields).toHaveProperty("token");
  });

  it("answers unknown_project for a project deleted meanwhile", async () => {
    const project = await newProjectWithKey("Debugger deleted");
    await getPrisma().project.delete({ where: { id: project.projectId } });
    const result = await debugToken({ access: project.access, input: { token: randomUUID() } });
    expect(result.verdict).toMatchObject({ valid: false, error: { reason: "unknown_project" } });
  });
});
