import { describe, expect, it } from "vitest";
import { debugTokenSchema, policyFormSchema } from "./verify";

const form = (overrides: Record<string, unknown> = {}) => ({
  enforce: "on",
  requireExp: null,
  maxLifetimeSeconds: "",
  clockSkewSeconds: "5",
  audience: "",
  allowedAlgorithms: [],
  ...overrides,
});

describe("policyFormSchema", () => {
  it("turns the form into a policy: empty means none, checkboxes are booleans", () => {
    expect(policyFormSchema.parse(form())).toEqual({
      enforce: true,
      requireExp: false,
      maxLifetimeSeconds: null,
      clockSkewSeconds: 5,
      audience: null,
      allowedAlgorithms: null,
    });
    expect(
      policyFormSchema.parse(form({ enforce: null, requireExp: "on", maxLifetimeSeconds: "300", audience: " rpc.example.com ", allowedAlgorithms: ["ES256", "EdDSA"] })),
    ).toEqual({
      enforce: false,
      requireExp: true,
      maxLifetimeSeconds: 300,
      clockSkewSeconds: 5,
      audience: "rpc.example.com",
      allowedAlgorithms: ["ES256", "EdDSA"],
    });
  });

  it("names the field of each mistake", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ maxLifetimeSeconds: "0" }, "maxLifetimeSeconds"],
      [{ maxLifetimeSeconds: "1.5" }, "maxLifetimeSeconds"],
      [{ maxLifetimeSeconds: "abc" }, "maxLifetimeSeconds"],
      [{ clockSkewSeconds: "" }, "clockSkewSeconds"],
      [{ clockSkewSeconds: "-1" }, "clockSkewSeconds"],
      [{ clockSkewSeconds: "3601" }, "clockSkewSeconds"],
      [{ audience: "x".repeat(254) }, "audience"],
      [{ allowedAlgorithms: ["HS256"] }, "allowedAlgorithms"],
    ];
    for (const [overrides, field] of cases) {
      const result = policyFormSchema.safeParse(form(overrides));
      expect(result.success, JSON.stringify(overrides)).toBe(false);
      expect(result.error?.issues[0]?.path[0]).toBe(field);
    }
  });
});

describe("debugTokenSchema", () => {
  it("needs a token and treats empty context fields as absent", () => {
    expect(debugTokenSchema.parse({ token: " a.b.c ", audience: "", method: "", body: "" })).toEqual({
      token: "a.b.c",
      audience: null,
      method: null,
      body: null,
    });
    expect(debugTokenSchema.safeParse({ token: "" }).success).toBe(false);
    expect(debugTokenSchema.safeParse({ token: null }).success).toBe(false);
    expect(debugTokenSchema.safeParse({ token: "x".repeat(16 * 1024 + 1) }).success).toBe(false);
  });
});
