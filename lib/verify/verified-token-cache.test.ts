import { beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, handToken, sha256Hex, signatureOf, snapshotOf, toVerificationKey, withSignature, type KeyPair, type LooseVerdict } from "./test-fixtures";
import type { ProjectSnapshot, VerifyInput } from "./types";
import { createVerifiedTokenCache, leanOutcome, type VerifiedTokenCache } from "./verified-token-cache";
import { verifySignatureStage, verifyToken } from "./verify-token";

const NOW = 1_750_000_000;
let pair: KeyPair;
let other: KeyPair;
let project: ProjectSnapshot;

beforeAll(() => {
  pair = generateKeyPair("p256");
  other = generateKeyPair("p256");
  project = snapshotOf([toVerificationKey("k1", pair.publicKey)]);
});

const token = (payload: object, kid = "k1") => handToken("ES256", pair.privateKey, { alg: "ES256", kid }, payload);

/** A token is remembered from its second sighting on: see it twice before asserting on hits. */
function admit(cache: VerifiedTokenCache, input: VerifyInput, now = NOW, snapshot = project) {
  cache.verify("proj_1", snapshot, input, now);
  return cache.verify("proj_1", snapshot, input, now);
}

describe("verified-token cache", () => {
  it("answers a repeated token from memory with the same verdict as the uncached core", () => {
    const cache = createVerifiedTokenCache(100);
    const jwt = token({ sub: "alice", exp: NOW + 60 });
    const first = cache.verify("proj_1", project, { token: jwt }, NOW);
    const second = cache.verify("proj_1", project, { token: jwt }, NOW);
    const third = cache.verify("proj_1", project, { token: jwt }, NOW);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(third).toEqual(verifyToken("proj_1", project, { token: jwt }, NOW));
    expect(third).toMatchObject({ valid: true, kid: "k1", claims: { sub: "alice" } });
    expect(cache.misses).toBe(2);
    expect(cache.hits).toBe(1);
    expect(cache.size).toBe(1);
  });

  it("admits a token on its second sighting: one-off tokens leave nothing behind", () => {
    const cache = createVerifiedTokenCache(100);
    const oneOff = Array.from({ length: 50 }, (_, n) => token({ n }));
    for (const jwt of oneOff) expect(cache.verify("proj_1", project, { token: jwt }, NOW).valid).toBe(true);
    expect(cache.size).toBe(0);
    expect(cache.hits).toBe(0);
    // Seen once already: the next sighting is stored, the one after is a hit.
    cache.verify("proj_1", project, { token: oneOff[7]! }, NOW);
    expect(cache.size).toBe(1);
    expect(cache.verify("proj_1", project, { token: oneOff[7]! }, NOW)).toMatchObject({ valid: true, claims: { n: 7 } });
    expect(cache.hits).toBe(1);
  });

  it("keeps only the claims of a verified token, not its bytes or signature", () => {
    const outcome = verifySignatureStage(project, token({ sub: "alice", exp: NOW + 60 }));
    expect(outcome.ok && "signature" in outcome.claims).toBe(true);
    const lean = leanOutcome(outcome);
    expect(lean.ok && Object.keys(lean.claims).sort()).toEqual(["exp", "iat", "nbf", "payload"]);
    expect(lean).toMatchObject({ ok: true, alg: "ES256", key: { kid: "k1" }, claims: { payload: { sub: "alice" }, exp: NOW + 60 } });
  });

  it("checks exp and nbf again on every hit", () => {
    const cache = createVerifiedTokenCache(100);
    const jwt = token({ nbf: NOW, exp: NOW + 10 });
    expect(admit(cache, { token: jwt }).valid).toBe(true);
    const later = cache.verify("proj_1", project, { token: jwt }, NOW + 60) as LooseVerdict;
    expect(later.error?.reason).toBe("expired_token");
    const earlier = cache.verify("proj_1", project, { token: jwt }, NOW - 60) as LooseVerdict;
    expect(earlier.error?.reason).toBe("token_not_yet_valid");
    expect(cache.hits).toBe(2);
  });

  it("checks the request-dependent claims (aud, bodyHash, permissions) against each request", () => {
    const cache = createVerifiedTokenCache(100);
    const jwt = token({ aud: "rpc.example.com", bodyHash: sha256Hex("{}"), permissions: ["eth:*"] });
    const ok: VerifyInput = { token: jwt, audience: "rpc.example.com", body: "{}", method: "eth_call" };
    expect(admit(cache, ok).valid).toBe(true);
    const reasons = [
      { ...ok, audience: "other.example.com" },
      { ...ok, body: "{ }" },
      { ...ok, method: "admin_peers" },
    ].map((input) => (cache.verify("proj_1", project, input, NOW) as LooseVerdict).error?.reason);
    expect(reasons).toEqual(["audience_mismatch", "body_hash_mismatch", "permission_denied"]);
    expect(cache.hits).toBe(3);
  });

  it("stops answering from memory the moment the snapshot changes (a revocation)", () => {
    const cache = createVerifiedTokenCache(100);
    const jwt = token({ sub: "alice" });
    expect(admit(cache, { token: jwt }).valid).toBe(true);
    expect(cache.verify("proj_1", project, { token: jwt }, NOW).valid).toBe(true);
    expect(cache.hits).toBe(1);
    const revoked = snapshotOf([toVerificationKey("k1", pair.publicKey, { revoked: true })]);
    const after = cache.verify("proj_1", revoked, { token: jwt }, NOW) as LooseVerdict;
    expect(after.error?.reason).toBe("revoked_key");
  });

  it("never pairs a remembered signature with another payload or key", () => {
    const cache = createVerifiedTokenCache(100);
    const genuine = token({ sub: "alice" });
    expect(admit(cache, { token: genuine }).valid).toBe(true);
    const forged = withSignature(token({ sub: "mallory" }), signatureOf(genuine));
    expect((cache.verify("proj_1", project, { token: forged }, NOW) as LooseVerdict).error?.reason).toBe("signature_invalid");
    const byOtherKey = handToken("ES256", other.privateKey, { alg: "ES256", kid: "k1" }, { sub: "alice" });
    expect((cache.verify("proj_1", project, { token: byOtherKey }, NOW) as LooseVerdict).error?.reason).toBe("signature_invalid");
    // A remembered failure stays a failure.
    for (let i = 0; i < 2; i++) {
      expect((cache.verify("proj_1", project, { token: forged }, NOW) as LooseVerdict).error?.reason).toBe("signature_invalid");
    }
    expect(cache.hits).toBe(1);
  });

  it("keeps the reason order of the core for the checks before the signature", () => {
    const cache = createVerifiedTokenCache(100);
    expect((cache.verify("p", null, { token: "x" }, NOW) as LooseVerdict).error?.reason).toBe("unknown_project");
    expect((cache.verify("proj_1", project, {}, NOW) as LooseVerdict).error?.reason).toBe("missing_token");
    expect((cache.verify("proj_1", project, { token: "a.b" }, NOW) as LooseVerdict).error?.reason).toBe("malformed_token");
    expect((cache.verify("proj_1", project, { token: "x".repeat(9000) }, NOW) as LooseVerdict).error?.reason).toBe("malformed_token");
    expect(cache.size).toBe(0);
  });

  it("stays within its size bound, dropping the least recently used entry", () => {
    const cache = createVerifiedTokenCache(3);
    const tokens = [1, 2, 3, 4].map((n) => token({ n }));
    for (const jwt of tokens.slice(0, 3)) admit(cache, { token: jwt });
    cache.verify("proj_1", project, { token: tokens[0]! }, NOW); // 1 is now the most recent
    expect(cache.hits).toBe(1);
    admit(cache, { token: tokens[3]! }); // evicts 2
    expect(cache.size).toBe(3);
    cache.verify("proj_1", project, { token: tokens[0]! }, NOW);
    expect(cache.hits).toBe(2);
    cache.verify("proj_1", project, { token: tokens[1]! }, NOW);
    expect(cache.hits).toBe(2);
  });

  it("turns off with a size of 0", () => {
    const cache = createVerifiedTokenCache(0);
    const jwt = token({ sub: "alice" });
    for (let i = 0; i < 3; i++) expect(cache.verify("proj_1", project, { token: jwt }, NOW).valid).toBe(true);
    expect(cache.size).toBe(0);
    expect(cache.hits).toBe(0);
  });

  it("caps a huge size instead of allocating for it (an operator's 1e9 must not abort the process)", () => {
    const cache = createVerifiedTokenCache(1e9);
    const jwt = token({ sub: "alice" });
    admit(cache, { token: jwt });
    expect(cache.verify("proj_1", project, { token: jwt }, NOW).valid).toBe(true);
    expect(cache.hits).toBe(1);
  });
});
