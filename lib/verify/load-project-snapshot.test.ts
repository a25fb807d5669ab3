import { generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { snapshotFromRows, type ProjectKeyRow } from "./load-project-snapshot";
import { verifyToken } from "./verify-token";

const projectRow = (id: string): ProjectKeyRow => ({
  id,
  name: "p",
  createdAt: new Date(),
  enforce: true,
  requireExp: false,
  maxLifetimeSeconds: null,
  clockSkewSeconds: 5,
  audience: null,
  allowedAlgorithms: [],
  kid: null,
  keyType: null,
  curve: null,
  algorithms: null,
  spkiPem: null,
  revoked: null,
});

describe("snapshotFromRows", () => {
  it("is null for no rows, and a project without keys for one keyless row", () => {
    expect(snapshotFromRows([])).toBeNull();
    const id = randomUUID();
    const snapshot = snapshotFromRows([projectRow(id)]);
    expect(snapshot?.keysByKid.size).toBe(0);
    expect(snapshot?.policy.allowedAlgorithms).toBeNull();
  });

  it("builds active and revoked keys; a key whose PEM does not parse stays, as revoked", () => {
    const id = randomUUID();
    const spkiPem = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const key = { keyType: "EC", curve: "P-256", algorithms: ["ES256", "HS256"], spkiPem };
    const [active, revoked, broken] = [randomUUID(), randomUUID(), randomUUID()];
    const snapshot = snapshotFromRows([
      { ...projectRow(id), ...key, kid: active, revoked: false },
      { ...projectRow(id), ...key, kid: revoked, revoked: true },
      { ...projectRow(id), ...key, kid: broken, revoked: false, spkiPem: "garbage" },
    ]);
    expect(snapshot?.keysByKid.get(active)).toMatchObject({ revoked: false, algorithms: ["ES256"] });
    expect(snapshot?.keysByKid.get(revoked)?.revoked).toBe(true);
    expect(snapshot?.keysByKid.get(broken)?.revoked).toBe(true);

    const onlyBroken = snapshotFromRows([{ ...projectRow(id), ...key, kid: broken, revoked: false, spkiPem: "garbage" }]);
    expect(verifyToken(id, onlyBroken, {}, 0)).toMatchObject({ valid: false, error: { reason: "missing_token" } });
  });

  it("makes no KeyObject while loading; a PEM whose DER does not parse fails as revoked_key on first use", () => {
    const id = randomUUID();
    const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const spkiPem = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
    const [good, bad] = [randomUUID(), randomUUID()];
    const row = { ...projectRow(id), keyType: "EC", curve: "P-256", algorithms: ["ES256"], revoked: false };
    const snapshot = snapshotFromRows([
      { ...row, kid: good, spkiPem },
      { ...row, kid: bad, spkiPem: "-----BEGIN PUBLIC KEY-----\nAAAAAAAA\n-----END PUBLIC KEY-----\n" },
    ])!;
    expect([...snapshot.keysByKid.values()].every((key) => key.material === undefined)).toBe(true);
    expect(snapshot.keysByKid.get(good)?.spki).toBe(pair.publicKey.export({ type: "spki", format: "der" }).toString("base64"));

    const tokenFor = (kid: string) => {
      const input = `${Buffer.from(JSON.stringify({ alg: "ES256", kid })).toString("base64url")}.${Buffer.from("{}").toString("base64url")}`;
      return `${input}.${sign("sha256", Buffer.from(input), { key: pair.privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
    };
    expect(verifyToken(id, snapshot, { token: tokenFor(good) }, 0)).toMatchObject({ valid: true, kid: good });
    expect(verifyToken(id, snapshot, { token: tokenFor(bad) }, 0)).toMatchObject({ valid: false, error: { reason: "revoked_key" } });
    expect(snapshot.keysByKid.get(good)?.material?.asymmetricKeyType).toBe("ec");
    expect(snapshot.keysByKid.get(bad)?.material).toBeNull();
  });
});
