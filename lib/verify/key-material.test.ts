import { generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { KeyMaterials, keyMaterial } from "./key-material";
import { buildProjectSnapshot } from "./project-snapshot";
import { generateAllKeyPairs, toVerificationKey, type KeyName, type KeyPair } from "./test-fixtures";
import { DEFAULT_POLICY } from "./types";

let pairs: Record<KeyName, KeyPair>;
beforeAll(() => {
  pairs = generateAllKeyPairs();
});

describe("keyMaterial", () => {
  it("narrows a key's algorithms to what its material can verify, when the material is made", () => {
    const weak = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const keys = [
      { ...toVerificationKey("rsa", pairs.rsa.publicKey), algorithms: ["RS256", "ES256", "EdDSA"] as const },
      { ...toVerificationKey("k256", pairs.k256.publicKey), algorithms: ["ES256", "ES256K"] as const },
      toVerificationKey("weak", weak.publicKey),
      { ...toVerificationKey("broken", pairs.p256.publicKey), spki: "AAAA" },
    ];
    const snapshot = buildProjectSnapshot({ projectId: "p", policy: DEFAULT_POLICY, keys });
    // Loading a project makes no KeyObject.
    expect([...snapshot.keysByKid.values()].map((key) => key.material)).toEqual([undefined, undefined, undefined, undefined]);
    const materials = keys.map((key) => keyMaterial(snapshot.keysByKid.get(key.kid)!));
    expect(materials.map((material) => material?.asymmetricKeyType ?? null)).toEqual(["rsa", "ec", "rsa", null]);
    expect(snapshot.keysByKid.get("rsa")?.algorithms).toEqual(["RS256"]);
    expect(snapshot.keysByKid.get("k256")?.algorithms).toEqual(["ES256K"]);
    expect(snapshot.keysByKid.get("weak")?.algorithms).toEqual([]);
    expect(snapshot.keysByKid.get("broken")?.algorithms).toEqual([]);
    // Made once, then remembered on the key.
    expect(keyMaterial(snapshot.keysByKid.get("rsa")!)).toBe(materials[0]);
  });
});

describe("KeyMaterials", () => {
  it("keeps at most its limit of KeyObjects, dropping the least recently used; a dropped one is made again", () => {
    const materials = new KeyMaterials(2);
    const [a, b, c] = (["p256", "rsa", "ed25519"] as const).map((name) => toVerificationKey(name, pairs[name].publicKey));
    const first = materials.of(a!);
    materials.of(b!);
    materials.of(a!); // a is now the most recently used
    materials.of(c!); // evicts b
    expect(materials.size).toBe(2);
    expect(b!.material).toBeUndefined();
    expect(a!.material).toBe(first);
    expect(c!.material?.asymmetricKeyType).toBe("ed25519");

    const again = materials.of(b!); // evicts a
    expect(again?.equals(pairs.rsa.publicKey)).toBe(true);
    expect(a!.material).toBeUndefined();
    expect(materials.of(a!)?.equals(pairs.p256.publicKey)).toBe(true);
  });

  it("asks for a collection after every few evictions (dropped KeyObjects' native memory is invisible to V8)", () => {
    let collections = 0;
    const materials = new KeyMaterials(1, { collectEvery: 2, collect: () => collections++ });
    const keys = (["p256", "rsa", "ed25519", "p384", "k256"] as const).map((name) => toVerificationKey(name, pairs[name].publicKey));
    for (const key of keys) materials.of(key); // 4 evictions
    expect(collections).toBe(2);
    expect(materials.size).toBe(1);
  });

  it("does not count keys whose material does not parse", () => {
    const materials = new KeyMaterials(2);
    const broken = { ...toVerificationKey("p256", pairs.p256.publicKey), spki: "AAAA" };
    expect(materials.of(broken)).toBeNull();
    expect(broken.material).toBeNull();
    expect(materials.size).toBe(0);
  });
});
