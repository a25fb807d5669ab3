import { afterEach, describe, expect, it } from "vitest";
import { isGatewayKeyValid } from "./gateway-auth";

const saved = process.env.GATEWAY_KEYS;
afterEach(() => {
  process.env.GATEWAY_KEYS = saved;
});

describe("isGatewayKeyValid", () => {
  it("accepts each configured key, trimmed, and nothing else", () => {
    process.env.GATEWAY_KEYS = " first-key , second-key,,";
    expect(isGatewayKeyValid("first-key")).toBe(true);
    expect(isGatewayKeyValid("second-key")).toBe(true);
    for (const wrong of [null, undefined, "", " ", ",", "first", "first-key,second-key", "first-keyx", "FIRST-KEY", "second-ke"]) {
      expect(isGatewayKeyValid(wrong), String(wrong)).toBe(false);
    }
  });

  it("accepts nothing when GATEWAY_KEYS is unset or empty", () => {
    for (const value of [undefined, "", " , ,"]) {
      if (value === undefined) delete process.env.GATEWAY_KEYS;
      else process.env.GATEWAY_KEYS = value;
      expect(isGatewayKeyValid("")).toBe(false);
      expect(isGatewayKeyValid(" ")).toBe(false);
      expect(isGatewayKeyValid("anything")).toBe(false);
    }
  });

  it("follows a change of GATEWAY_KEYS", () => {
    process.env.GATEWAY_KEYS = "old";
    expect(isGatewayKeyValid("old")).toBe(true);
    process.env.GATEWAY_KEYS = "new";
    expect(isGatewayKeyValid("old")).toBe(false);
    expect(isGatewayKeyValid("new")).toBe(true);
  });
});
