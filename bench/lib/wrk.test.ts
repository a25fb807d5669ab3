import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenPool } from "./tokens.mjs";
import { childCpuMs, detectWrk, toLua, wrkExpect, wrkRun } from "./wrk.mjs";

describe("toLua", () => {
  it("writes strings with every quote, backslash and control byte escaped", () => {
    expect(toLua('a"b\\c\nd')).toBe('"a\\034b\\092c\\010d"');
    expect(toLua({ path: "/x", n: 2, list: ["y"], none: undefined })).toBe('{["path"] = "/x", ["n"] = 2, ["list"] = {"y"}}');
    expect(() => toLua("\u00e9")).toThrow(/ASCII/);
  });
});

describe("wrkExpect", () => {
  it("turns the spot-checked JSON fields into parts every answer must contain", () => {
    expect(wrkExpect({ status: 200, bodyIncludes: ['"valid":true'], json: { kid: "k1" }, header: ["X-Signet-Kid", "k1"] })).toEqual({
      status: 200,
      includes: ['"valid":true', '"kid":"k1"'],
      header: ["x-signet-kid", "k1"],
    });
  });
});

describe("childCpuMs", () => {
  it("reads the children's user + system time from bash's `times`", () => {
    expect(childCpuMs("0m0.004s 0m0.001s\n1m2.500s 0m0.250s\n")).toBeCloseTo(62_750);
    expect(childCpuMs("0m0,004s 0m0,001s\n0m1,500s 0m0,250s")).toBeCloseTo(1_750);
    expect(childCpuMs("nonsense")).toBeNull();
  });
});

// A real wrk against a real server (Debian's wrk; .ci/run installs it).
describe.skipIf(detectWrk() === null)("wrkRun", () => {
  let server: http.Server;
  let url: string;
  let dir: string;
  const seen: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "wrk-test-"));
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const token = JSON.parse(Buffer.concat(chunks).toString() || "{}").token ?? req.headers.authorization ?? "";
        seen.push(token);
        // "bad-…" tokens get a wrong answer with a right status; "fail-…" a 500; "drop-…" no answer.
        if (token.includes("drop-")) return req.socket.destroy();
        const status = token.includes("fail-") ? 500 : 200;
        res.writeHead(status, { "content-type": "application/json", "x-kid": "k1" });
        res.end(token.includes("bad-") ? '{"valid":false}' : '{"valid":true,"kid":"k1"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scenario = (tokens: string[], start = 0) => {
    const stream = new TokenPool("ES256", tokens).stream("test");
    stream.advance(start);
    const prefix = '{"token":"';
    return {
      stream,
      scenario: {
        url,
        method: "POST",
        path: "/verify",
        headers: { "content-type": "application/json" },
        wrk: { tokens: { stream, prefix, suffix: '"}' } },
        expect: { status: 200, bodyIncludes: ['"valid":true'], json: { kid: "k1" }, header: ["X-Kid", "k1"] as [string, string] },
      },
    };
  };

  it("sends each token once, from the stream's cursor on, checks every answer and advances the stream", async () => {
    seen.length = 0;
    const tokens = Array.from({ length: 200_000 }, (_, i) => `ok-${i}`);
    const { stream, scenario: good } = scenario(tokens, 150_000);
    const stats = await wrkRun(good, { connections: 2, seconds: 1, dir });
    expect(stats.requests).toBeGreaterThan(10);
    expect(stats.non2xx + stats.wrong + stats.errors).toBe(0);
    const sent = stream.used - 150_000;
    expect(stream.cursor).toBe(150_000 + sent);
    expect(new Set(seen).size).toBe(seen.length);
    const indexes = seen.map((token) => Number(token.slice(3)));
    // wrk calls request() once before the run to check what it returns: that token is skipped.
    const lowest = indexes.reduce((a, b) => Math.min(a, b));
    expect(lowest).toBeGreaterThanOrEqual(150_000);
    expect(lowest).toBeLessThanOrEqual(150_001);
    expect(indexes.reduce((a, b) => Math.max(a, b))).toBeLessThan(150_000 + sent);
  });

  it("wraps around a pool it runs out of, and says so", async () => {
    seen.length = 0;
    const { stream, scenario: small } = scenario(["ok-0", "ok-1", "ok-2"], 2);
    const stats = await wrkRun(small, { connections: 1, seconds: 1, dir });
    expect(stats.non2xx + stats.wrong + stats.errors).toBe(0);
    expect(new Set(seen)).toEqual(new Set(["ok-0", "ok-1", "ok-2"]));
    expect(stream.wrapped).toBeGreaterThan(0);
  });

  it("counts wrong answers and failed statuses apart, and keeps the first", async () => {
    const { scenario: mixed } = scenario(["ok-0", "bad-1", "fail-2"]);
    const stats = await wrkRun(mixed, { connections: 1, seconds: 1, dir });
    expect(stats.wrong).toBeGreaterThan(0);
    expect(stats.non2xx).toBeGreaterThan(0);
    expect(stats.firstWrong).toMatch(/^(200 \{"valid":false\}|500 )/);
  });

  it("counts requests that never got an answer as errors", async () => {
    const { scenario: dropping } = scenario(["ok-0", "drop-1", "ok-2"]);
    const stats = await wrkRun(dropping, { connections: 2, seconds: 1, dir });
    expect(stats.errors).toBeGreaterThan(0);
  });
});
