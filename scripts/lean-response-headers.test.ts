import { describe, expect, it } from "vitest";
import { leanResponseHeaders } from "./lean-response-headers.mjs";

/** writeHead's flat list as name → values (lower-case names), to see duplicates. */
function byName(flat: (string | number)[]): Map<string, (string | number)[]> {
  const names = new Map<string, (string | number)[]>();
  for (let i = 0; i < flat.length; i += 2) {
    const name = String(flat[i]).toLowerCase();
    names.set(name, [...(names.get(name) ?? []), flat[i + 1]!]);
  }
  return names;
}

describe("leanResponseHeaders", () => {
  it("adds the API security headers and the byte length of the body to a handler's headers", () => {
    const headers = byName(leanResponseHeaders({ headers: { "Content-Type": "application/json" }, body: '{"é":1}' }));
    expect(headers.get("content-type")).toEqual(["application/json"]);
    expect(headers.get("x-content-type-options")).toEqual(["nosniff"]);
    expect(headers.get("content-security-policy")).toEqual(["default-src 'none'; frame-ancestors 'none'"]);
    expect(headers.get("content-length")).toEqual([8]); // bytes, not characters
    expect(headers.has("connection")).toBe(false);
  });

  it("keeps the names the server owns single: a handler cannot double or weaken them", () => {
    const response = {
      headers: Object.freeze({
        "content-security-policy": "default-src *",
        "X-Content-Type-Options": "sniff",
        "Content-Length": "1",
        Connection: "keep-alive",
        "Cache-Control": "no-store",
      }),
      body: "ab",
    };
    for (const closing of [false, true, false]) {
      const headers = byName(leanResponseHeaders(response, { closing }));
      expect(headers.get("content-security-policy")).toEqual(["default-src 'none'; frame-ancestors 'none'"]);
      expect(headers.get("x-content-type-options")).toEqual(["nosniff"]);
      expect(headers.get("content-length")).toEqual([2]);
      expect(headers.get("connection")).toEqual(closing ? ["close"] : undefined);
      expect(headers.get("cache-control")).toEqual(["no-store"]);
    }
  });
});
