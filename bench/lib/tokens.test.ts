import { describe, expect, it } from "vitest";
import { TokenPool } from "./tokens.mjs";

describe("TokenPool (tokens kept as bytes outside V8's heap)", () => {
  const tokens = ["aaa.bbb.ccc", "x.y.z", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-_0", ""];

  it("gives every token back as it was, and knows the longest", () => {
    const pool = new TokenPool("ES256", tokens);
    expect(pool.size).toBe(4);
    expect(tokens.map((_, index) => pool.token(index))).toEqual(tokens);
    expect(pool.longest).toBe(tokens[2]?.length);
  });

  it("streams each token once per pass, counts wrap-arounds, and moves on by what another process read", () => {
    const pool = new TokenPool("ES256", tokens.slice(0, 3));
    const stream = pool.stream("a");
    expect([stream.next(), stream.next(), stream.next(), stream.next()]).toEqual([tokens[0], tokens[1], tokens[2], tokens[0]]);
    expect(stream.wrapped).toBe(1);
    expect(stream.used).toBe(4);
    stream.advance(5); // cursor 1 + 5 = 6 = two lengths: one more wrap, and the cursor at the end
    expect(stream.cursor).toBe(3);
    expect(stream.wrapped).toBe(2);
    expect(stream.next()).toBe(tokens[0]);
    expect(stream.wrapped).toBe(3);
    // Streams are per name, each with its own cursor.
    expect(pool.stream("b").next()).toBe(tokens[0]);
    expect(pool.stream("a")).toBe(stream);
  });

  it("refuses an empty pool, and what is not printable ASCII (it would not survive the byte store)", () => {
    expect(() => new TokenPool("ES256", [])).toThrow(/at least one token/);
    expect(() => new TokenPool("ES256", ["ok", "é"])).toThrow(/token 1 is not printable ASCII/);
    expect(() => new TokenPool("ES256", ["a b"])).toThrow(/not printable ASCII/);
  });
});
