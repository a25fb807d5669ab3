import { describe, expect, it } from "vitest";
import { API_CSP, SECURITY_HEADERS } from "../lib/http/security-headers.mjs";
import { leanResponseHeaders } from "./lean-response-headers.mjs";

/** Every header next.config.mjs puts on an API answer, lower-cased name → [value]. */
const NEXT_API_HEADERS = new Map([...SECURITY_HEADERS, API_CSP].map(({ key, value }) => [key.toLowerCase(), [value]]));

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
    // The same security headers as Next's API answers, each once.
    expect(NEXT_API_HEADERS.size).toBe(5);
    for (const [name, values] of NEXT_API_HEADERS) expect(headers.get(name)).toEqual(values);
    expect(headers.get("content-security-policy")).toEqual(["default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"]);
    expect(headers.get("referrer-policy")).toEqual(["no-referrer"]);
    expect(headers.get("content-length")).toEqual([8]); // bytes, not characters
    expect(headers.has("connection")).toBe(false);
  });

  it("keeps the names the server owns single: a handler cannot double or weaken them", () => {
    const response = {
      headers: Object.freeze({
        "content-security-policy": "default-src *",
        "X-Content-Type-Options": "sniff",
        "Referrer-Policy": "unsafe-url",
        "Content-Length": "1",
        Connection: "keep-alive",
        "Cache-Control": "no-store",
      }),
      body: "ab",
    };
    for (const closing of [false, true, false]) {
      const headers = byName(leanResponseHeaders(response, { closing }));
      for (const [name, values] of NEXT_API_HEADERS) expect(headers.get(name)).toEqual(values);
      expect(headers.get("content-length")).toEqual([2]);
      expect(headers.get("connection")).toEqual(closing ? ["close"] : undefined);
      expect(headers.get("cache-control")).toEqual(["no-store"]);
    }
  });
});
