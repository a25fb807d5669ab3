import { createPublicKey, type KeyObject } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { LRUCache } from "lru-cache";
import { envCount } from "@/lib/config/env-count";
import { CURVE_ALGORITHMS, RSA_ALGORITHMS, RSA_MIN_BITS, type Algorithm, type Curve } from "@/lib/keys/algorithms";
import { logger } from "@/lib/logger";
import type { VerificationKey } from "./types";

// A key's node:crypto KeyObject is made the first time a token names the key, not when
// its project is loaded: a KeyObject costs ~2.6 KiB (P-256) and 70–290 µs to make, and a
// project's 25 keys are rarely all in use. Loading a project then costs one query and no
// crypto, and 10,000 cached projects hold their keys as SPKI text. How many KeyObjects
// live at once is bounded too (least recently used first), so memory stays bounded even
// when every key of every project is in use.

const NODE_CURVES: Readonly<Record<string, Curve>> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
  secp256k1: "secp256k1",
};
const PSS_ALGORITHMS: readonly Algorithm[] = ["PS256", "PS384", "PS512"];

export const DEFAULT_KEY_MATERIAL_CACHE_SIZE = 20_000;
/** lru-cache allocates its index arrays for `max` up front; far beyond any real key count. */
export const MAX_KEY_MATERIAL_CACHE_SIZE = 1_000_000;
/** Dropped KeyObjects between two requested collections (~13 MiB of P-256 native memory). */
const COLLECT_EVERY_EVICTIONS = 5_000;
/** At most one requested collection per this many ms, however fast keys churn. */
const COLLECT_AT_MOST_EVERY_MS = 2_000;

// A KeyObject's native memory (EVP_PKEY) is invisible to V8's heap accounting, and one
// that lived a while dies in the old generation: with keys churning through the bound, the
// dead ones' native memory piled up to ~600 MiB before V8 saw a reason to collect (measured
// with every key of 10,000 projects × 25 in use). So after every few thousand evictions,
// a major collection is requested. "async" only defers it to a task of its own, off the
// request that tipped the count; the collection itself still pauses the process (tens of
// ms with a full cache), which is why requests are also spaced in time: tokens naming
// real kids (valid or forged) can drive the churn, and must not drive the pauses with it.
// `gc` is reached the way the expose-gc package does; where that is not possible, nothing
// is requested.
let requestCollection: (() => void) | null | undefined;
function collector(): (() => void) | null {
  if (requestCollection === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      const gc = vm.runInNewContext("gc") as (options: { type: "major"; execution: "async" }) => unknown;
      requestCollection = () => void gc({ type: "major", execution: "async" });
    } catch {
      requestCollection = null;
    }
  }
  return requestCollection;
}

/** What the key material itself can verify, whatever the stored row says. */
export function algorithmsOfKeyObject(key: KeyObject): readonly Algorithm[] {
  try {
    if (key.type !== "public") return [];
    const details = key.asymmetricKeyDetails ?? {};
    switch (key.asymmetricKeyType) {
      case "rsa":
        return (details.modulusLength ?? 0) >= RSA_MIN_BITS ? RSA_ALGORITHMS : [];
      case "rsa-pss":
        return (details.modulusLength ?? 0) >= RSA_MIN_BITS ? PSS_ALGORITHMS : [];
      case "ec": {
        const curve = NODE_CURVES[details.namedCurve ?? ""];
        return curve ? CURVE_ALGORITHMS[curve] : [];
      }
      case "ed25519":
        return CURVE_ALGORITHMS.Ed25519;
      default:
        return [];
    }
  } catch {
    return [];
  }
}

function makeMaterial(key: VerificationKey): KeyObject | null {
  let material: KeyObject | null;
  try {
    material = createPublicKey({ key: Buffer.from(key.spki, "base64"), format: "der", type: "spki" });
  } catch {
    // Once per loaded key: its `material` stays null until the project is reloaded.
    logger.error({ kid: key.kid }, "stored public key does not parse; treating it as revoked");
    material = null;
  }
  const possible = material === null ? [] : algorithmsOfKeyObject(material);
  if (!key.algorithms.every((alg) => possible.includes(alg))) {
    key.algorithms = key.algorithms.filter((alg) => possible.includes(alg));
  }
  return material;
}

export interface KeyMaterialsOptions {
  /** Asked for after every `collectEvery` evictions (default: a major GC in a task of its own, where reachable). */
  collect?: (() => void) | null;
  collectEvery?: number;
  /** No two requests closer than this (ms). */
  collectAtMostEveryMs?: number;
  now?: () => number;
}

/** The KeyObjects in use, at most `maxLive` of them: an evicted key's material is made again on its next use. */
export class KeyMaterials {
  private readonly live: LRUCache<VerificationKey, KeyObject>;
  private evictedSinceCollection = 0;
  private lastCollectionAt = -Infinity;

  constructor(maxLive = DEFAULT_KEY_MATERIAL_CACHE_SIZE, options: KeyMaterialsOptions = {}) {
    const collectEvery = options.collectEvery ?? COLLECT_EVERY_EVICTIONS;
    const spacingMs = options.collectAtMostEveryMs ?? COLLECT_AT_MOST_EVERY_MS;
    // Monotonic: a wall clock stepped back would stop the requests until it caught up.
    const now = options.now ?? (() => performance.now());
    this.live = new LRUCache<VerificationKey, KeyObject>({
      max: Math.min(Math.max(1, Math.floor(maxLive) || 1), MAX_KEY_MATERIAL_CACHE_SIZE),
      dispose: (_material, key, reason) => {
        if (reason !== "evict") return;
        key.material = undefined;
        if (++this.evictedSinceCollection < collectEvery) return;
        const at = now();
        if (at - this.lastCollectionAt < spacingMs) return;
        this.evictedSinceCollection = 0;
        this.lastCollectionAt = at;
        const collect = options.collect === undefined ? collector() : options.collect;
        // Memory hygiene only: whatever goes wrong here must not fail the token being verified.
        try {
          collect?.();
        } catch (error) {
          logger.warn({ err: error }, "requesting a garbage collection failed");
        }
      },
    });
  }

  /**
   * The key's KeyObject, made from its SPKI on first use and remembered on the key; null
   * when the stored material does not parse (the key then fails as revoked_key). Making it
   * also narrows `key.algorithms` to what the material can verify, so a stored row that
   * were ever wrong cannot widen what the key accepts.
   */
  of(key: VerificationKey): KeyObject | null {
    const known = key.material;
    if (known !== undefined) {
      if (known !== null) this.live.get(key); // recently used
      return known;
    }
    const material = makeMaterial(key);
    key.material = material;
    if (material !== null) this.live.set(key, material);
    return material;
  }

  get size(): number {
    return this.live.size;
  }
}

const globalForMaterials = globalThis as unknown as { signetKeyMaterials?: KeyMaterials };

/** This process's KeyMaterials (SIGNET_KEY_MATERIAL_CACHE_SIZE KeyObjects at most). */
export function keyMaterials(): KeyMaterials {
  if (!globalForMaterials.signetKeyMaterials) {
    globalForMaterials.signetKeyMaterials = new KeyMaterials(
      envCount("SIGNET_KEY_MATERIAL_CACHE_SIZE", { fallback: DEFAULT_KEY_MATERIAL_CACHE_SIZE, min: 1, max: MAX_KEY_MATERIAL_CACHE_SIZE }),
    );
  }
  return globalForMaterials.signetKeyMaterials;
}

/** The key's KeyObject through this process's KeyMaterials (see KeyMaterials.of). */
export function keyMaterial(key: VerificationKey): KeyObject | null {
  return keyMaterials().of(key);
}
