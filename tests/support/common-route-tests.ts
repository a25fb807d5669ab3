// One set of auth and tenancy checks, run against every project-scoped route.
import { beforeAll, describe, expect, it } from "vitest";
import { createProject } from "@/lib/projects/projects";
import { call, createTestUser, type TestUser } from "./api";

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export function runCommonProjectRouteTests<P extends { projectId: string }>(
  name: string,
  handler: Handler<P>,
  options: { method: string; params: (projectId: string) => P; body?: unknown },
) {
  describe(`${name}: authentication and tenancy`, () => {
    let owner: TestUser;
    let stranger: TestUser;
    let projectId: string;

    beforeAll(async () => {
      owner = await createTestUser("owner");
      stranger = await createTestUser("stranger");
      projectId = (await createProject({ caller: owner.caller, input: { name: "Tenant A" } })).id;
    });

    const send = (token: string | null, params: P, headers?: Record<string, string>) =>
      call(handler, { method: options.method, params, token, body: options.body, headers });

    it("answers 401 without credentials", async () => {
      const res = await send(null, options.params(projectId));
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
    });

    it("answers 401 for an unknown, malformed or non-bearer Authorization header", async () => {
      for (const headers of [
        { authorization: "Bearer sgl_" + "A".repeat(43) },
        { authorization: "Bearer not-a-token" },
        { authorization: "Basic dXNlcjpwYXNz" },
      ]) {
        const res = await send(null, options.params(projectId), headers);
        expect(res.status).toBe(401);
      }
    });

    it("answers 404, never 403, to a user who is not a member", async () => {
      const res = await send(stranger.token, options.params(projectId));
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    });

    it("answers 404 for a project id that does not exist or is not a UUID", async () => {
      for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "' OR 1=1 --"]) {
        const res = await send(owner.token, options.params(id));
        expect(res.status).toBe(404);
      }
    });
  });
}
