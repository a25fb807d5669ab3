import { describe, expect, it } from "vitest";
import { decodeUnverified } from "./decode-unverified";

const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

describe("decodeUnverified", () => {
  it("decodes header and payload and shows the times", () => {
    const decoded = decodeUnverified(`${b64({ alg: "ES256", kid: "k" })}.${b64({ sub: "a", exp: 1_700_000_000 })}.sig`);
    expect(decoded.parts).toBe(3);
    expect(decoded.header).toMatchObject({ ok: true, value: { alg: "ES256", kid: "k" } });
    expect(decoded.payload).toMatchObject({ ok: true, value: { sub: "a" } });
    expect(decoded.times).toEqual([{ claim: "exp", iso: "2023-11-14T22:13:20.000Z" }]);
  });

  it("explains what does not decode, part by part", () => {
    expect(decodeUnverified("").header).toEqual({ ok: false, error: "The token has no header." });
    expect(decodeUnverified("abc").payload).toEqual({ ok: false, error: "The token has no payload." });
    expect(decodeUnverified("a+b.x").header).toEqual({ ok: false, error: "The header is not base64url." });
    expect(decodeUnverified(`${b64("not json")}.x`).header).toEqual({ ok: false, error: "The header is not JSON." });
    expect(decodeUnverified(`${b64([1])}.x`).header).toEqual({ ok: false, error: "The header is not a JSON object." });
    expect(decodeUnverified(`${Buffer.from([0xff, 0xfe]).toString("base64url")}.x`).header).toEqual({
      ok: false,
      error: "The header is not UTF-8 text.",
    });
  });
});
