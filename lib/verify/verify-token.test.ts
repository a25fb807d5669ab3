import { jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { SUPPORTED_ALGORITHMS, type Algorithm } from "@/lib/keys/algorithms";
import {
  KEY_FOR_ALG,
  b64url,
  generateAllKeyPairs,
  generateKeyPair,
  handToken,
  joseToken,
  signatureOf,
  snapshotOf,
  spkiPemOf,
  toVerificationKey,
  withSignature,
  type KeyName,
  type KeyPair,
  type LooseVerdict,
} from "./test-fixtures";
import type { ProjectSnapshot, VerifyInput } from "./types";
import { MAX_TOKEN_BYTES, buildProjectSnapshot, spkiKeyFromPem, verifyToken } from "./verify-token";
import { DEFAULT_POLICY } from "./types";

const NOW = 1_750_000_000;
let pairs: Record<KeyName, KeyPair>;
let revokedPair: KeyPair;
let project: ProjectSnapshot;

beforeAll(() => {
  pairs = generateAllKeyPairs();
  revokedPair = generateKeyPair("p256");
  const names = Object.keys(pairs) as KeyName[];
  project = snapshotOf([
    ...names.map((name) => toVerificationKey(name, pairs[name].publicKey)),
    toVerificationKey("revoked", revokedPair.publicKey, { revoked: true }),
  ]);
});

function verify(token: string | null | undefined, extra: Omit<VerifyInput, "token"> = {}, snapshot = project): LooseVerdict {
  return verifyToken("proj_1", snapshot, { token, ...extra }, NOW);
}

function tokenFor(alg: Algorithm, payload: object = { sub: "user-1" }, header: object = {}): string {
  const kid = KEY_FOR_ALG[alg];
  return handToken(alg, pairs[kid].privateKey, { alg, kid, ...header }, payload);
}

function failure(reason: string, message: string, kid?: string) {
  const verdict: Record<string, unknown> = {
    valid: false,
    enforced: true,
    projectId: "proj_1",
    error: { code: -32013, reason, message },
  };
  if (kid !== undefined) verdict.kid = kid;
  return verdict;
}

describe("valid tokens, every algorithm", () => {
  const payload = { sub: "user-1", iat: NOW - 10, exp: NOW + 300, scope: ["a", "b"] };

  for (const alg of SUPPORTED_ALGORITHMS) {
    it(`${alg} signed by node:crypto`, async () => {
      const kid = KEY_FOR_ALG[alg];
      const token = tokenFor(alg, payload);
      expect(verify(token)).toEqual({ valid: true, enforced: true, projectId: "proj_1", kid, alg, claims: payload });
      if (alg !== "ES256K") {
        // The hand-made token is a standard JWS: jose accepts it too.
        const { payload: verified } = await jwtVerify(token, pairs[kid].publicKey, { currentDate: new Date(NOW * 1000) });
        expect(verified).toEqual(payload);
      }
    });

    if (alg === "ES256K") continue; // jose 6 does not sign ES256K
    it(`${alg} signed by jose`, async () => {
      const kid = KEY_FOR_ALG[alg];
      const token = await joseToken(alg, pairs[kid].privateKey, { kid, typ: "JWT" }, payload);
      expect(verify(token)).toEqual({ valid: true, enforced: true, projectId: "proj_1", kid, alg, claims: payload });
    });
  }

  it("returns the snapshot's project id and the verified payload", () => {
    const verdict = verify(tokenFor("ES256", { sub: "x", nested: { deep: [1, 2, { a: null }] } }));
    expect(verdict).toMatchObject({ valid: true, claims: { sub: "x", nested: { deep: [1, 2, { a: null }] } } });
  });
});

describe("enforcement", () => {
  it("a project with no key ever is valid and not enforced, whatever the token", () => {
    const empty = snapshotOf([]);
    for (const token of [undefined, "", "garbage", tokenFor("ES256")]) {
      expect(verify(token, {}, empty)).toEqual({ valid: true, enforced: false, projectId: "proj_1" });
    }
  });

  it("enforce off is not enforced even with keys", () => {
    const off = snapshotOf([toVerificationKey("p256", pairs.p256.publicKey)], { enforce: false });
    expect(verify(undefined, {}, off)).toEqual({ valid: true, enforced: false, projectId: "proj_1" });
    expect(verify("a.b.c", {}, off)).toEqual({ valid: true, enforced: false, projectId: "proj_1" });
  });

  it("all keys revoked with enforce on stays enforced: no token fails, any token fails", () => {
    const allRevoked = snapshotOf([toVerificationKey("p256", pairs.p256.publicKey, { revoked: true })]);
    expect(verify(undefined, {}, allRevoked)).toEqual(failure("missing_token", "missing JWT token"));
    expect(verify(tokenFor("ES256"), {}, allRevoked)).toEqual(
      failure("revoked_key", "invalid JWT token (revoked key)", "p256"),
    );
  });

  it("unknown project answers with the requested id", () => {
    expect(verifyToken("proj_missing", null, { token: tokenFor("ES256") }, NOW)).toEqual({
      valid: false,
      enforced: true,
      projectId: "proj_missing",
      error: { code: -32013, reason: "unknown_project", message: "unknown project" },
    });
  });

  it("missing token: absent, null, empty string, and no input object at all", () => {
    const expected = failure("missing_token", "missing JWT token");
    expect(verify(undefined)).toEqual(expected);
    expect(verify(null)).toEqual(expected);
    expect(verify("")).toEqual(expected);
    expect(verifyToken("proj_1", project, null as unknown as VerifyInput, NOW)).toEqual(expected);
  });
});

describe("every reason of the table, with its exact message", () => {
  const signedEs256 = (header: object, key = pairs.p256.privateKey) =>
    handToken("ES256", key, { alg: "ES256", ...header }, {});
  const p256Only = (policy: object) => snapshotOf([toVerificationKey("p256", pairs.p256.publicKey)], policy);
  const cases: Array<[string, string, () => LooseVerdict, string?]> = [
    ["unknown_project", "unknown project", () => verifyToken("proj_1", null, {}, NOW)],
    ["missing_token", "missing JWT token", () => verify("")],
    ["malformed_token", "invalid JWT token (malformatted token)", () => verify("a.b")],
    [
      "unsupported_algorithm",
      "invalid JWT token (unsupported algorithm)",
      () => verify(`${b64url({ alg: "none", kid: "p256" })}.${b64url({})}.`),
    ],
    ["empty_key_id", "invalid JWT token (empty key id)", () => verify(signedEs256({}))],
    ["unknown_key", "invalid JWT token (empty configuration)", () => verify(signedEs256({ kid: "nope" }))],
    [
      "revoked_key",
      "invalid JWT token (revoked key)",
      () => verify(signedEs256({ kid: "revoked" }, revokedPair.privateKey)),
      "revoked",
    ],
    [
      "algorithm_mismatch",
      "invalid JWT token (algorithm does not match key)",
      () => verify(signedEs256({ kid: "rsa" })),
      "rsa",
    ],
    [
      "signature_invalid",
      "invalid JWT token (signature verification failed)",
      () => verify(`${signedEs256({ kid: "p256" }).slice(0, -4)}AAAA`),
      "p256",
    ],
    ["expired_token", "invalid JWT token (expired token)", () => verify(tokenFor("ES256", { exp: NOW - 60 })), "p256"],
    [
      "token_not_yet_valid",
      "invalid JWT token (not reached nbf)",
      () => verify(tokenFor("ES256", { nbf: NOW + 60 })),
      "p256",
    ],
    [
      "missing_exp",
      "invalid JWT token (missing exp)",
      () => verify(tokenFor("ES256", {}), {}, p256Only({ requireExp: true })),
      "p256",
    ],
    [
      "lifetime_exceeded",
      "invalid JWT token (lifetime exceeds project limit)",
      () => verify(tokenFor("ES256", { exp: NOW + 7200 }), {}, p256Only({ maxLifetimeSeconds: 3600 })),
      "p256",
    ],
    [
      "audience_mismatch",
      "invalid JWT token (audience mismatch)",
      () => verify(tokenFor("ES256", { aud: "other.example.com" }), { audience: "rpc.example.com" }),
      "p256",
    ],
    [
      "body_hash_mismatch",
      "invalid JWT token (body hash mismatch)",
      () => verify(tokenFor("ES256", { bodyHash: "00".repeat(32) }), { body: "{}" }),
      "p256",
    ],
    [
      "permission_denied",
      "invalid JWT token (permission denied)",
      () => verify(tokenFor("ES256", { permissions: ["net:*"] }), { method: "eth_blockNumber" }),
      "p256",
    ],
  ];

  for (const [reason, message, run, kid] of cases) {
    it(`${reason} → "${message}"${kid ? " with the key's kid" : ""}`, () => {
      const verdict = run();
      expect(verdict).toEqual(failure(reason, message, kid));
      expect("claims" in verdict).toBe(false);
    });
  }
});

describe("the table order when failures coexist", () => {
  it("expired token with a bad signature → signature_invalid", () => {
    const token = tokenFor("ES256", { exp: NOW - 3600 });
    const bad = withSignature(token, Buffer.alloc(64, 7));
    expect(verify(bad).error?.reason).toBe("signature_invalid");
  });

  it("unknown kid with alg none → unsupported_algorithm", () => {
    expect(verify(`${b64url({ alg: "none", kid: "who" })}.${b64url({})}.`).error?.reason).toBe("unsupported_algorithm");
  });

  it("revoked key with a bad signature → revoked_key", () => {
    const token = handToken("ES256", pairs.p256.privateKey, { alg: "ES256", kid: "revoked" }, {});
    expect(verify(token)).toEqual(failure("revoked_key", "invalid JWT token (revoked key)", "revoked"));
  });

  it("revoked key with the wrong algorithm → revoked_key", () => {
    const token = handToken("RS256", pairs.rsa.privateKey, { alg: "RS256", kid: "revoked" }, {});
    expect(verify(token).error?.reason).toBe("revoked_key");
  });

  it("malformed claims beat an unsupported algorithm", () => {
    expect(verify(`${b64url({ alg: "none" })}.${b64url({ exp: "soon" })}.`).error?.reason).toBe("malformed_token");
  });

  it("unsupported algorithm beats a missing kid", () => {
    expect(verify(`${b64url({ alg: "HS256" })}.${b64url({})}.c2ln`).error?.reason).toBe("unsupported_algorithm");
  });

  it("algorithm mismatch beats a bad signature", () => {
    const token = withSignature(tokenFor("ES256"), Buffer.alloc(64));
    const onRsa = token.replace(/^[^.]+/, b64url({ alg: "ES256", kid: "rsa" }));
    expect(verify(onRsa).error?.reason).toBe("algorithm_mismatch");
  });

  it("claims are ordered: expired, not yet valid, missing exp, lifetime, audience, body hash, permissions", () => {
    const strict = snapshotOf([toVerificationKey("p256", pairs.p256.publicKey)], { requireExp: true, maxLifetimeSeconds: 60 });
    const input = { audience: "rpc.example.com", body: "{}", method: "eth_call" };
    const all = { aud: "x.org", bodyHash: "00", permissions: [] };
    const run = (payload: object) => verify(tokenFor("ES256", payload), input, strict).error?.reason;
    expect(run({ ...all, exp: NOW - 100, nbf: NOW + 100 })).toBe("expired_token");
    expect(run({ ...all, nbf: NOW + 100 })).toBe("token_not_yet_valid");
    expect(run({ ...all })).toBe("missing_exp");
    expect(run({ ...all, exp: NOW + 3600 })).toBe("lifetime_exceeded");
    expect(run({ ...all, exp: NOW + 30 })).toBe("audience_mismatch");
    expect(run({ ...all, exp: NOW + 30, aud: "rpc.example.com" })).toBe("body_hash_mismatch");
    const bodyHash = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"; // SHA-256 of "{}"
    expect(run({ ...all, exp: NOW + 30, aud: "rpc.example.com", bodyHash })).toBe("permission_denied");
  });
});

describe("public helpers", () => {
  it("MAX_TOKEN_BYTES is 8 KiB", () => {
    expect(MAX_TOKEN_BYTES).toBe(8192);
  });

  it("buildProjectSnapshot maps keys by kid and by SPKI DER base64", () => {
    const key = toVerificationKey("k1", pairs.p256.publicKey);
    const snapshot = buildProjectSnapshot({ projectId: "p", policy: DEFAULT_POLICY, keys: [key] });
    const der = pairs.p256.publicKey.export({ type: "spki", format: "der" }).toString("base64");
    expect(snapshot.keysByKid.get("k1")).toBe(key);
    expect(snapshot.keysBySpki.get(der)).toBe(key);
    expect(key.spki).toBe(der);
    expect(spkiKeyFromPem(spkiPemOf(pairs.p256.publicKey))).toBe(der);
  });

  it("failure verdicts never carry claims, even when the payload parsed", () => {
    const token = withSignature(tokenFor("ES256", { secret: "s" }), Buffer.alloc(64, 1));
    expect(JSON.stringify(verify(token))).not.toContain("secret");
  });

  it("a signature check failure reports the resolved kid, not the token's payload", () => {
    expect(verify(withSignature(tokenFor("EdDSA"), signatureOf(tokenFor("EdDSA", { other: 1 }))))).toEqual(
      failure("signature_invalid", "invalid JWT token (signature verification failed)", "ed25519"),
    );
  });
});
