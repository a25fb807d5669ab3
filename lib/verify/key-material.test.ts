import { generateKeyPairSync } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/logger";
import { KeyMaterials, keyMaterial } from "./key-material";
import { buildProjectSnapshot } from "./project-snapshot";
import { generateAllKeyPairs, toVerificationKey, type KeyName, type KeyPair } from "./test-fixtures";
import { DEFAULT_POLICY } from "./types";

let pairs: Record<KeyName, KeyPair>;
beforeAll(() => {
  pairs = generateAllKeyPairs();
});
afterEach(() => {
  vi.restoreAllMocks();
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

  it("asks for a collection after every few evictions (dropped KeyObjects' native memory is invisible to V8), at most one per interval", () => {
    let collections = 0;
    let clock = 0;
    const materials = new KeyMaterials(1, { collectEvery: 2, collect: () => collections++, collectAtMostEveryMs: 1_000, now: () => clock });
    const names = ["p256", "rsa", "ed25519", "p384", "k256", "p521", "rsa"] as const;
    const keys = names.map((name) => toVerificationKey(name, pairs[name].publicKey));
    for (const key of keys.slice(0, 5)) materials.of(key); // 4 evictions, all at t=0
    expect(collections).toBe(1);
    clock = 999;
    materials.of(keys[5]!); // 5th eviction: still too soon
    expect(collections).toBe(1);
    clock = 1_000;
    materials.of(keys[6]!); // 6th: the owed request goes out now
    expect(collections).toBe(2);
    expect(materials.size).toBe(1);
  });

  it("keeps verifying when requesting a collection throws", () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined as never);
    const materials = new KeyMaterials(1, {
      collectEvery: 1,
      collect: () => {
        throw new Error("no gc here");
      },
    });
    const [a, b] = (["p256", "rsa"] as const).map((name) => toVerificationKey(name, pairs[name].publicKey));
    materials.of(a!);
    expect(materials.of(b!)?.equals(pairs.rsa.publicKey)).toBe(true); // evicts a, whose collection throws
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("caps a huge limit instead of allocating for it (an operator's 1e9 must not abort the process)", () => {
    const materials = new KeyMaterials(1e9);
    expect(materials.of(toVerificationKey("p256", pairs.p256.publicKey))?.asymmetricKeyType).toBe("ec");
    expect(new KeyMaterials(Number.NaN).of(toVerificationKey("rsa", pairs.rsa.publicKey))?.asymmetricKeyType).toBe("rsa");
  });

  it("does not count keys whose material does not parse, and logs each such key once, by kid", () => {
    const error = vi.spyOn(logger, "error").mockImplementation(() => undefined as never);
    const materials = new KeyMaterials(2);
    const broken = { ...toVerificationKey("p256", pairs.p256.publicKey), spki: "AAAA" };
    expect(materials.of(broken)).toBeNull();
    expect(materials.of(broken)).toBeNull();
    expect(broken.material).toBeNull();
    expect(materials.size).toBe(0);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]?.[0]).toEqual({ kid: "p256" });
  });
});
