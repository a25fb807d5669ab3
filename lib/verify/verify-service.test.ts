import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "./types";
import { parseVerifyBody, serializeVerdict, VERIFY_BODY_LIMIT_BYTES } from "./verify-service";
import { buildProjectSnapshot } from "./project-snapshot";
import { verifyToken } from "./verify-token";

describe("parseVerifyBody", () => {
  it("reads the project and the optional string fields, ignoring others", () => {
    expect(parseVerifyBody('{"project":"p","token":"t","audience":null,"extra":[1]}')).toEqual({
      project: "p",
      input: { token: "t", audience: null, method: undefined, body: undefined, bodySha256: undefined },
    });
  });

  it("answers 400 or 413 with the error shape", () => {
    const cases: Array<[string | null, number]> = [
      [null, 413],
      ["x".repeat(VERIFY_BODY_LIMIT_BYTES + 1), 413],
      [`{"project":"p","body":"${"€".repeat(VERIFY_BODY_LIMIT_BYTES / 3)}"}`, 413],
      ["", 400],
      ["{", 400],
      ["[]", 400],
      ["{}", 400],
      ['{"project":1}', 400],
      ['{"project":"p","method":5}', 400],
    ];
    for (const [text, status] of cases) {
      const result = parseVerifyBody(text);
      expect("status" in result && result.status, String(text).slice(0, 40)).toBe(status);
      if ("status" in result) expect(Object.keys(JSON.parse(result.body).error)).toEqual(["code", "message"]);
    }
  });
});

describe("serializeVerdict", () => {
  it("leaves the internal kid out of a failure", () => {
    const verdict = { ...verifyToken("p", null, {}, 0), kid: "k" };
    expect(JSON.parse(serializeVerdict(verdict))).toEqual({
      valid: false,
      enforced: true,
      projectId: "p",
      error: { code: -32013, reason: "unknown_project", message: "unknown project" },
    });
  });

  it("serialises a pass as is", () => {
    const snapshot = buildProjectSnapshot({ projectId: "p", policy: DEFAULT_POLICY, keys: [] });
    expect(JSON.parse(serializeVerdict(verifyToken("p", snapshot, {}, 0)))).toEqual({ valid: true, enforced: false, projectId: "p" });
  });
});
