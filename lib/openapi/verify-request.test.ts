import { describe, expect, it } from "vitest";
import { parseVerifyBody } from "@/lib/verify/verify-service";
import { verifyRequestSchema } from "./verify-request";

// The verify route validates its body by hand; the document describes it with a zod schema.
// Both must accept and refuse the same bodies.

const BODIES: Array<[string, unknown, boolean]> = [
  ["project only", { project: "p" }, true],
  ["every field", { project: "p", token: "a.b.c", audience: "rpc.example.com", method: "eth_call", body: "{}", bodySha256: "ab" }, true],
  ["empty strings", { project: "", token: "", audience: "", method: "", body: "", bodySha256: "" }, true],
  ["nulls for the optional fields", { project: "p", token: null, audience: null, method: null, body: null, bodySha256: null }, true],
  ["unknown fields ignored", { project: "p", extra: 1, nested: { a: [1] } }, true],
  ["no project", { token: "a.b.c" }, false],
  ["project null", { project: null }, false],
  ["project a number", { project: 42 }, false],
  ["project an object", { project: { id: "p" } }, false],
  ["token a number", { project: "p", token: 1 }, false],
  ["token an object", { project: "p", token: { jwt: "a.b.c" } }, false],
  ["audience an array", { project: "p", audience: ["a"] }, false],
  ["method a boolean", { project: "p", method: true }, false],
  ["body an object", { project: "p", body: { jsonrpc: "2.0" } }, false],
  ["bodySha256 a number", { project: "p", bodySha256: 0 }, false],
  ["an array", [{ project: "p" }], false],
  ["a string", "p", false],
  ["a number", 1, false],
  ["null", null, false],
  ["an empty object", {}, false],
];

describe("verifyRequestSchema", () => {
  it.each(BODIES)("agrees with parseVerifyBody: %s", (_name, body, accepted) => {
    const byHand = parseVerifyBody(JSON.stringify(body));
    expect("status" in byHand ? false : true).toBe(accepted);
    expect(verifyRequestSchema.safeParse(body).success).toBe(accepted);
  });

  it("names the same fields as the hand validator reads", () => {
    const parsed = parseVerifyBody(JSON.stringify({ project: "p", token: "t", audience: "a", method: "m", body: "b", bodySha256: "h" }));
    expect("status" in parsed).toBe(false);
    if ("status" in parsed) return;
    expect(Object.keys(verifyRequestSchema.shape).sort()).toEqual(["project", ...Object.keys(parsed.input)].sort());
  });
});
