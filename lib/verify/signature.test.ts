import { describe, expect, it } from "vitest";
import { isEcdsaSignatureWellFormed } from "./signature";

const P256_N = Buffer.from("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", "hex");
const P521_N = Buffer.from(
  "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
  "hex",
);
const minusOne = (n: Buffer) =>
  Buffer.from((BigInt(`0x${n.toString("hex")}`) - 1n).toString(16).padStart(n.length * 2, "0"), "hex");
const one = (size: number) => Buffer.concat([Buffer.alloc(size - 1), Buffer.from([1])]);

describe("isEcdsaSignatureWellFormed (checked before OpenSSL sees the signature)", () => {
  for (const [name, n] of [["P-256", P256_N], ["P-521", P521_N]] as const) {
    const size = n.length;
    it(`${name}: r and s in [1, n - 1] only, and exactly ${size * 2} bytes`, () => {
      expect(isEcdsaSignatureWellFormed(Buffer.concat([one(size), one(size)]), size, n)).toBe(true);
      expect(isEcdsaSignatureWellFormed(Buffer.concat([minusOne(n), minusOne(n)]), size, n)).toBe(true);
      expect(isEcdsaSignatureWellFormed(Buffer.alloc(size * 2), size, n)).toBe(false);
      expect(isEcdsaSignatureWellFormed(Buffer.concat([Buffer.alloc(size), one(size)]), size, n)).toBe(false);
      expect(isEcdsaSignatureWellFormed(Buffer.concat([one(size), Buffer.alloc(size)]), size, n)).toBe(false);
      expect(isEcdsaSignatureWellFormed(Buffer.concat([n, one(size)]), size, n)).toBe(false);
      expect(isEcdsaSignatureWellFormed(Buffer.concat([one(size), n]), size, n)).toBe(false);
      expect(isEcdsaSignatureWellFormed(Buffer.alloc(size * 2, 0xff), size, n)).toBe(false);
      expect(isEcdsaSignatureWellFormed(Buffer.concat([one(size), one(size)]).subarray(1), size, n)).toBe(false);
      expect(isEcdsaSignatureWellFormed(Buffer.concat([one(size), one(size), Buffer.from([1])]), size, n)).toBe(false);
    });
  }
});
