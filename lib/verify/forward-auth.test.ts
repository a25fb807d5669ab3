import { describe, expect, it } from "vitest";
import { bearerToken, forwardedAudience, hostWithoutPort } from "./forward-auth";

describe("forward-auth request parsing", () => {
  it("takes the token of a Bearer Authorization header only", () => {
    expect(bearerToken("Bearer a.b.c")).toBe("a.b.c");
    expect(bearerToken("bearer   a.b.c  ")).toBe("a.b.c");
    for (const header of [null, "", "Bearer", "Bearer ", "Basic a.b.c", "Bearer a b", "Bearera.b.c"]) {
      expect(bearerToken(header), String(header)).toBeNull();
    }
  });

  it("strips the port from a host, IPv6 included", () => {
    expect(hostWithoutPort("rpc.example.com:8443")).toBe("rpc.example.com");
    expect(hostWithoutPort(" rpc.example.com ")).toBe("rpc.example.com");
    expect(hostWithoutPort("[::1]:8080")).toBe("[::1]");
    expect(hostWithoutPort("[::1]")).toBe("[::1]");
    expect(hostWithoutPort("::1")).toBe("::1");
    expect(hostWithoutPort("127.0.0.1:80")).toBe("127.0.0.1");
    for (const bad of ["", " ", ":80", "[", "[]:80", "x".repeat(2000)]) expect(hostWithoutPort(bad), bad).toBeNull();
  });

  it("prefers the first X-Forwarded-Host over Host", () => {
    expect(forwardedAudience(new Headers({ "x-forwarded-host": "a.example.com:1, b.example.com", host: "c.example.com" }))).toBe("a.example.com");
    expect(forwardedAudience({ "x-forwarded-host": "", host: "c.example.com:3000" })).toBe("c.example.com");
    expect(forwardedAudience({ host: ["d.example.com"] })).toBe("d.example.com");
    expect(forwardedAudience({})).toBeNull();
  });
});
