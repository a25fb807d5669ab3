import { beforeAll, describe, expect, it } from "vitest";
import { SUPPORTED_ALGORITHMS, type Algorithm } from "@/lib/keys/algorithms";
import {
  KEY_FOR_ALG,
  b64url,
  generateAllKeyPairs,
  handToken,
  snapshotOf,
  toVerificationKey,
  type KeyName,
  type KeyPair,
} from "./test-fixtures";
import { FAILURE_MESSAGES, FAILURE_REASONS, type ProjectSnapshot, type Verdict, type VerifyInput } from "./types";
import { verifyToken } from "./verify-token";

const NOW = 1_750_000_000;
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const JUNK = `${BASE64URL}..........=+/ \n\t\u0000é🔑"{}[]:,`;

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let random: () => number;
const int = (below: number) => Math.floor(random() * below);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
const randomString = (alphabet: string, length: number) => Array.from({ length }, () => pick([...alphabet])).join("");
const randomBytes = (length: number) => Buffer.from(Array.from({ length }, () => int(256)));

let pairs: Record<KeyName, KeyPair>;
let project: ProjectSnapshot;
let validTokens: string[];

beforeAll(() => {
  random = mulberry32(0x5157e7);
  pairs = generateAllKeyPairs();
  const names = Object.keys(pairs) as KeyName[];
  project = snapshotOf(names.map((name) => toVerificationKey(name, pairs[name].publicKey)), { requireExp: false });
  validTokens = SUPPORTED_ALGORITHMS.map((alg) =>
    handToken(
      alg,
      pairs[KEY_FOR_ALG[alg]].privateKey,
      { alg, kid: KEY_FOR_ALG[alg] },
      { sub: "u", exp: NOW + 60, aud: "rpc.example.com" },
    ),
  );
});

function expectWellFormed(verdict: Verdict): void {
  if (verdict.valid && verdict.enforced) {
    expect(Object.keys(verdict).sort()).toEqual(["alg", "claims", "enforced", "kid", "projectId", "valid"]);
    expect(SUPPORTED_ALGORITHMS).toContain(verdict.alg);
    expect(typeof verdict.kid).toBe("string");
    expect(typeof verdict.claims).toBe("object");
    return;
  }
  expect(verdict.valid).toBe(false);
  if (verdict.valid) return;
  expect(verdict.enforced).toBe(true);
  expect(verdict.projectId).toBe("proj_1");
  expect(FAILURE_REASONS).toContain(verdict.error.reason);
  expect(verdict.error).toEqual({ code: -32013, reason: verdict.error.reason, message: FAILURE_MESSAGES[verdict.error.reason] });
  const keys = Object.keys(verdict).sort();
  const expected = ["enforced", "error", "projectId", "valid"];
  expect(keys).toEqual("kid" in verdict ? [...expected.slice(0, 2), "kid", ...expected.slice(2)] : expected);
  if ("kid" in verdict) expect(typeof verdict.kid).toBe("string");
}

function run(token: unknown, extra: Omit<VerifyInput, "token"> = {}): Verdict {
  const verdict = verifyToken("proj_1", project, { ...extra, token } as VerifyInput, NOW);
  expectWellFormed(verdict);
  return verdict;
}

function mutate(token: string): string {
  const chars = [...token];
  const at = int(chars.length);
  switch (int(6)) {
    case 0:
      chars[at] = pick([...JUNK]);
      break;
    case 1:
      chars.splice(at, 1);
      break;
    case 2:
      chars.splice(at, 0, pick([...BASE64URL]));
      break;
    case 3:
      return token.slice(0, at);
    case 4: {
      const other = int(chars.length);
      [chars[at], chars[other]] = [chars[other]!, chars[at]!];
      break;
    }
    default:
      chars[at] = pick([...BASE64URL]);
  }
  return chars.join("");
}

describe("seeded fuzz", () => {
  it("random strings and random three-part tokens are well-formed failures", () => {
    for (let i = 0; i < 400; i++) {
      expect(run(randomString(JUNK, int(300))).valid).toBe(false);
    }
    for (let i = 0; i < 400; i++) {
      const parts = [randomBytes(int(80)), randomBytes(int(80)), randomBytes(int(140))].map((part) => part.toString("base64url"));
      expect(run(parts.join(".")).valid).toBe(false);
    }
  });

  it("no mutation of a valid token verifies", () => {
    for (const token of validTokens) expect(run(token, { audience: "rpc.example.com" }).valid).toBe(true);
    let mutated = 0;
    while (mutated < 700) {
      const original = pick(validTokens);
      let token = mutate(original);
      for (let extra = int(3); extra > 0; extra--) token = mutate(token);
      if (token === original) continue;
      mutated++;
      expect([token, run(token).valid]).toEqual([token, false]);
    }
  });

  it("no mutation of the signature part verifies", () => {
    for (let i = 0; i < 400; i++) {
      const original = pick(validTokens);
      const dot = original.lastIndexOf(".");
      const signature = Buffer.from(original.slice(dot + 1), "base64url");
      const forged = Buffer.from(signature);
      switch (int(4)) {
        case 0:
          forged[int(forged.length)]! ^= 1 << int(8);
          break;
        case 1:
          randomBytes(forged.length).copy(forged);
          break;
        case 2:
          forged.fill(pick([0, 0xff]), int(forged.length));
          break;
        default: {
          // Swap the halves: r and s for ECDSA.
          const half = forged.length >> 1;
          signature.subarray(half).copy(forged, 0);
          signature.subarray(0, half).copy(forged, half);
        }
      }
      if (forged.equals(signature)) continue;
      const verdict = run(`${original.slice(0, dot + 1)}${forged.toString("base64url")}`);
      expect(verdict.valid).toBe(false);
    }
  });

  it("random headers and payloads, some correctly signed, give well-formed verdicts", () => {
    const algs = [...SUPPORTED_ALGORITHMS, "none", "HS256", "es256", "", "RS1"];
    const values = () =>
      pick<unknown>([null, true, 0, -1, 1e308, "", "p256", "rsa", "x".repeat(int(200)), [], ["a"], {}, { a: 1 }, NOW, NOW + 60]);
    const fields = ["kid", "typ", "crit", "b64", "jwk", "jku", "x5u", "x5c", "cty", "zip", "enc", "__proto__"];
    const claims = ["exp", "nbf", "iat", "aud", "iss", "sub", "bodyHash", "permissions", "__proto__", "constructor"];
    let validCount = 0;
    for (let i = 0; i < 500; i++) {
      const alg = pick(algs);
      const header: Record<string, unknown> = int(10) === 0 ? {} : { alg };
      for (let n = int(4); n > 0; n--) header[pick(fields)] = values();
      if (int(2) === 0 && alg in KEY_FOR_ALG) header.kid = KEY_FOR_ALG[alg as Algorithm];
      const payload: Record<string, unknown> = {};
      for (let n = int(5); n > 0; n--) payload[pick(claims)] = values();
      const signer = alg in KEY_FOR_ALG ? pairs[KEY_FOR_ALG[alg as Algorithm]].privateKey : pairs.p256.privateKey;
      const signAs = alg in KEY_FOR_ALG ? (alg as Algorithm) : "ES256";
      const token =
        int(4) === 0
          ? `${b64url(header)}.${b64url(payload)}.${randomBytes(int(100)).toString("base64url")}`
          : handToken(signAs, signer, header, payload);
      const verdict = run(token, pick([{}, { audience: "rpc.example.com", method: "eth_call", body: "{}" }]));
      if (verdict.valid && verdict.enforced) {
        validCount++;
        expect(verdict.alg).toBe(alg);
        expect(header).not.toHaveProperty("crit");
        expect(header).not.toHaveProperty("b64");
      }
    }
    expect(validCount).toBeGreaterThan(0);
  });

  it("hostile non-string and oversized inputs never throw", () => {
    const tokens = [undefined, null, 0, NaN, {}, [], () => "a.b.c", Symbol.iterator, 10n, new String("a.b.c")];
    for (const token of [...tokens, "A".repeat(1 << 20), ".".repeat(9000)]) {
      run(token);
    }
    const odd = { token: validTokens[0], audience: 5, method: {}, body: 7, bodySha256: [] };
    for (const input of [null, undefined, "token", 42, [], odd]) {
      expectWellFormed(verifyToken("proj_1", project, input as unknown as VerifyInput, NOW));
    }
  });
});
