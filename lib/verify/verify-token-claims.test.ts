import { beforeAll, describe, expect, it } from "vitest";
import {
  generateKeyPair,
  handToken,
  sha256Hex,
  snapshotOf,
  toVerificationKey,
  withSignature,
  type KeyPair,
  type LooseVerdict,
} from "./test-fixtures";
import type { ProjectPolicy, VerifyInput } from "./types";
import { verifyToken } from "./verify-token";

const NOW = 1_750_000_000;
let pair: KeyPair;

beforeAll(() => {
  pair = generateKeyPair("ed25519");
});

interface CheckOptions {
  policy?: Partial<ProjectPolicy>;
  input?: VerifyInput;
  now?: number;
}

function check(payload: object, options: CheckOptions = {}): LooseVerdict {
  const token = handToken("EdDSA", pair.privateKey, { alg: "EdDSA", kid: "k" }, payload);
  const snapshot = snapshotOf([toVerificationKey("k", pair.publicKey)], options.policy);
  return verifyToken("proj_1", snapshot, { ...options.input, token }, options.now ?? NOW);
}
const reasonOf = (...args: Parameters<typeof check>) => check(...args).error?.reason ?? "valid";

describe("time claims", () => {
  it("exp: expired on or after exp minus the skew (default 5 s)", () => {
    expect(reasonOf({ exp: NOW - 4 })).toBe("valid");
    expect(reasonOf({ exp: NOW - 5 })).toBe("expired_token");
    expect(reasonOf({ exp: NOW - 4.5 })).toBe("valid");
    expect(reasonOf({ exp: NOW - 5.5 })).toBe("expired_token");
    expect(reasonOf({ exp: NOW - 4 }, { now: NOW + 0.999 })).toBe("valid");
  });

  it("exp with no skew: expired exactly at exp (RFC 7519 'on or after')", () => {
    const policy = { clockSkewSeconds: 0 };
    expect(reasonOf({ exp: NOW + 1 }, { policy })).toBe("valid");
    expect(reasonOf({ exp: NOW }, { policy })).toBe("expired_token");
  });

  it("nbf: accepted up to the skew early", () => {
    expect(reasonOf({ nbf: NOW + 5 })).toBe("valid");
    expect(reasonOf({ nbf: NOW + 6 })).toBe("token_not_yet_valid");
    expect(reasonOf({ nbf: NOW + 1 }, { policy: { clockSkewSeconds: 0 } })).toBe("token_not_yet_valid");
    expect(reasonOf({ nbf: NOW }, { policy: { clockSkewSeconds: 0 } })).toBe("valid");
  });

  it("iat in the future beyond the skew is not yet valid", () => {
    expect(reasonOf({ iat: NOW + 5 })).toBe("valid");
    expect(reasonOf({ iat: NOW + 6 })).toBe("token_not_yet_valid");
    expect(reasonOf({ iat: NOW - 86_400 * 365 })).toBe("valid");
  });

  it("a larger skew widens every window; a negative or NaN skew counts as none", () => {
    const policy = { clockSkewSeconds: 60 };
    expect(reasonOf({ exp: NOW - 59, nbf: NOW + 60, iat: NOW + 60 }, { policy })).toBe("valid");
    expect(reasonOf({ exp: NOW - 60 }, { policy })).toBe("expired_token");
    expect(reasonOf({ exp: NOW + 1 }, { policy: { clockSkewSeconds: -100 } })).toBe("valid");
    expect(reasonOf({ exp: NOW }, { policy: { clockSkewSeconds: -100 } })).toBe("expired_token");
    expect(reasonOf({ exp: NOW }, { policy: { clockSkewSeconds: Number.NaN } })).toBe("expired_token");
  });

  it("a NaN clock fails closed on every time claim", () => {
    expect(reasonOf({ exp: NOW + 3600 }, { now: Number.NaN })).toBe("expired_token");
    expect(reasonOf({ nbf: NOW - 3600 }, { now: Number.NaN })).toBe("token_not_yet_valid");
    expect(reasonOf({ iat: NOW - 3600 }, { now: Number.NaN })).toBe("token_not_yet_valid");
    expect(reasonOf({ sub: "no times" }, { now: Number.NaN })).toBe("valid");
  });

  it("requireExp", () => {
    expect(reasonOf({ sub: "u" })).toBe("valid");
    expect(reasonOf({ sub: "u" }, { policy: { requireExp: true } })).toBe("missing_exp");
    expect(reasonOf({ exp: NOW + 60 }, { policy: { requireExp: true } })).toBe("valid");
  });

  it("maxLifetimeSeconds with iat: exp - iat", () => {
    const policy = { maxLifetimeSeconds: 3600 };
    expect(reasonOf({ iat: NOW - 10, exp: NOW - 10 + 3600 }, { policy })).toBe("valid");
    expect(reasonOf({ iat: NOW - 10, exp: NOW - 10 + 3601 }, { policy })).toBe("lifetime_exceeded");
    // Nearly expired, but minted with a lifetime over the limit.
    expect(reasonOf({ iat: NOW - 86_400, exp: NOW + 60 }, { policy })).toBe("lifetime_exceeded");
  });

  it("maxLifetimeSeconds without iat: exp - now", () => {
    const policy = { maxLifetimeSeconds: 3600 };
    expect(reasonOf({ exp: NOW + 3600 }, { policy })).toBe("valid");
    expect(reasonOf({ exp: NOW + 3601 }, { policy })).toBe("lifetime_exceeded");
    expect(reasonOf({ sub: "u" }, { policy })).toBe("missing_exp");
    expect(reasonOf({ exp: NOW + 60 }, { policy: { maxLifetimeSeconds: 0 } })).toBe("lifetime_exceeded");
  });
});

describe("audience", () => {
  const gateway = (audience: string) => ({ input: { audience } });

  it("equality, case-insensitive", () => {
    expect(reasonOf({ aud: "rpc.example.com" }, gateway("rpc.example.com"))).toBe("valid");
    expect(reasonOf({ aud: "RPC.Example.COM" }, gateway("rpc.example.com"))).toBe("valid");
    expect(reasonOf({ aud: "rpc.example.com" }, gateway("RPC.EXAMPLE.COM"))).toBe("valid");
  });

  it("a suffix right after '.', '/' or ':' matches", () => {
    expect(reasonOf({ aud: "https://rpc.example.com" }, gateway("rpc.example.com"))).toBe("valid");
    expect(reasonOf({ aud: "api.rpc.example.com" }, gateway("rpc.example.com"))).toBe("valid");
    expect(reasonOf({ aud: "urn:rpc.example.com" }, gateway("rpc.example.com"))).toBe("valid");
    expect(reasonOf({ aud: "HTTPS://RPC.EXAMPLE.COM" }, gateway("rpc.example.com"))).toBe("valid");
  });

  it("any other prefix, a different suffix, or a bare substring does not match", () => {
    for (const aud of [
      "evilrpc.example.com",
      "rpc.example.com.evil.org",
      "rpc.example.co",
      "https://rpc.example.com/",
      "xrpc.example.com",
      "-rpc.example.com",
      "example.com",
      "",
    ]) {
      expect([aud, reasonOf({ aud }, gateway("rpc.example.com"))]).toEqual([aud, "audience_mismatch"]);
    }
  });

  it("an array matches when one string entry matches; non-string entries or types mismatch", () => {
    expect(reasonOf({ aud: ["other.org", "https://rpc.example.com"] }, gateway("rpc.example.com"))).toBe("valid");
    expect(reasonOf({ aud: ["other.org", "evilrpc.example.com"] }, gateway("rpc.example.com"))).toBe("audience_mismatch");
    expect(reasonOf({ aud: [] }, gateway("rpc.example.com"))).toBe("audience_mismatch");
    expect(reasonOf({ aud: ["rpc.example.com", 5] }, gateway("rpc.example.com"))).toBe("audience_mismatch");
    for (const aud of [null, 5, true, { host: "rpc.example.com" }]) {
      expect(reasonOf({ aud }, gateway("rpc.example.com"))).toBe("audience_mismatch");
    }
  });

  it("a token without aud passes, always", () => {
    expect(reasonOf({ sub: "u" }, gateway("rpc.example.com"))).toBe("valid");
    expect(reasonOf({ sub: "u" }, { policy: { audience: "rpc.example.com" } })).toBe("valid");
  });

  it("the project's audience overrides the gateway's", () => {
    const options = { policy: { audience: "project.example.com" }, input: { audience: "rpc.example.com" } };
    expect(reasonOf({ aud: "project.example.com" }, options)).toBe("valid");
    expect(reasonOf({ aud: "rpc.example.com" }, options)).toBe("audience_mismatch");
    expect(reasonOf({ aud: "project.example.com" }, { policy: { audience: "project.example.com" } })).toBe("valid");
  });

  it("with no expected audience, aud is not checked", () => {
    expect(reasonOf({ aud: "anything.org" })).toBe("valid");
    expect(reasonOf({ aud: 42 }, gateway(""))).toBe("valid");
    expect(reasonOf({ aud: "anything.org" }, { policy: { audience: "" } })).toBe("valid");
  });
});

describe("bodyHash", () => {
  const body = '{"jsonrpc":"2.0","method":"eth_blockNumber","params":[],"id":1}';
  const hash = sha256Hex(body);

  it("matches the SHA-256 hex of the body, in either case", () => {
    expect(reasonOf({ bodyHash: hash }, { input: { body } })).toBe("valid");
    expect(reasonOf({ bodyHash: hash.toUpperCase() }, { input: { body } })).toBe("valid");
  });

  it("hashes the body as UTF-8", () => {
    const unicode = '{"note":"héllo 🔑"}';
    expect(reasonOf({ bodyHash: sha256Hex(unicode) }, { input: { body: unicode } })).toBe("valid");
    expect(reasonOf({ bodyHash: sha256Hex("") }, { input: { body: "" } })).toBe("valid");
  });

  it("matches bodySha256 passed by the gateway, in any case", () => {
    expect(reasonOf({ bodyHash: hash }, { input: { bodySha256: hash.toUpperCase() } })).toBe("valid");
    expect(reasonOf({ bodyHash: hash.toUpperCase() }, { input: { bodySha256: hash } })).toBe("valid");
  });

  it("fails when the body differs, or neither body nor bodySha256 is given", () => {
    expect(reasonOf({ bodyHash: hash }, { input: { body: `${body} ` } })).toBe("body_hash_mismatch");
    expect(reasonOf({ bodyHash: hash }, { input: { bodySha256: sha256Hex("other") } })).toBe("body_hash_mismatch");
    expect(reasonOf({ bodyHash: hash })).toBe("body_hash_mismatch");
    expect(reasonOf({ bodyHash: hash }, { input: { body: null, bodySha256: "" } })).toBe("body_hash_mismatch");
  });

  it("the raw body wins over bodySha256 when both are given", () => {
    expect(reasonOf({ bodyHash: hash }, { input: { body, bodySha256: sha256Hex("other") } })).toBe("valid");
    expect(reasonOf({ bodyHash: hash }, { input: { body: "other", bodySha256: hash } })).toBe("body_hash_mismatch");
  });

  it("a bodyHash that is not a string fails; no bodyHash checks nothing", () => {
    for (const bodyHash of [null, 0, [hash], { hash }]) {
      expect(reasonOf({ bodyHash }, { input: { body } })).toBe("body_hash_mismatch");
    }
    expect(reasonOf({ bodyHash: "" }, { input: { body } })).toBe("body_hash_mismatch");
    expect(reasonOf({ sub: "u" }, { input: { body: "anything" } })).toBe("valid");
  });
});

describe("permissions", () => {
  const call = (permissions: unknown, method: string | null | undefined = "eth_blockNumber") =>
    reasonOf({ permissions }, { input: { method } });

  it("*:*, eth:* and eth:blockNumber allow eth_blockNumber", () => {
    expect(call(["*:*"])).toBe("valid");
    expect(call(["eth:*"])).toBe("valid");
    expect(call(["net:version", "eth:blockNumber"])).toBe("valid");
  });

  it("other groups, other methods, wrong case and wildcards in the wrong place deny", () => {
    const denied = [["net:*"], ["eth:call"], ["ETH:*"], ["eth:blocknumber"], ["*:blockNumber"], ["eth"], ["eth_blockNumber"], ["*"]];
    for (const permissions of denied) {
      expect([permissions, call(permissions)]).toEqual([permissions, "permission_denied"]);
    }
  });

  it("an empty array allows nothing; a non-array denies", () => {
    expect(call([])).toBe("permission_denied");
    for (const permissions of ["*:*", null, { "eth:*": true }, 1]) {
      expect(call(permissions)).toBe("permission_denied");
    }
  });

  it("the method splits at the first underscore; one without underscore is a bare group", () => {
    expect(call(["debug:traceTransaction_x"], "debug_traceTransaction_x")).toBe("valid");
    expect(call(["debug:*"], "debug_traceTransaction_x")).toBe("valid");
    expect(call(["web3:"], "web3")).toBe("valid");
    expect(call(["web3:*"], "web3")).toBe("valid");
    expect(call(["web3:clientVersion"], "web3")).toBe("permission_denied");
  });

  it("without a method from the gateway, permissions are not checked", () => {
    expect(reasonOf({ permissions: [] }, { input: {} })).toBe("valid");
    expect(call([], null)).toBe("valid");
    expect(call([], "")).toBe("valid");
  });

  it("without a permissions claim, any method passes", () => {
    expect(reasonOf({ sub: "u" }, { input: { method: "admin_peers" } })).toBe("valid");
  });
});

describe("signature first", () => {
  it("an invalid signature hides every claim failure and every claim", () => {
    const token = handToken("EdDSA", pair.privateKey, { alg: "EdDSA", kid: "k" }, {
      exp: NOW - 100,
      aud: "evil",
      bodyHash: "x",
      permissions: [],
      secret: "leak",
    });
    const snapshot = snapshotOf([toVerificationKey("k", pair.publicKey)], { requireExp: true, audience: "rpc.example.com" });
    const forged = withSignature(token, Buffer.alloc(64, 9));
    const verdict = verifyToken("proj_1", snapshot, { token: forged, method: "eth_call" }, NOW);
    expect(verdict).toMatchObject({ valid: false, kid: "k", error: { reason: "signature_invalid" } });
    expect(JSON.stringify(verdict)).not.toContain("leak");
  });
});
