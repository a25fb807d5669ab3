// Test-only helpers: real keys from node:crypto and tokens signed two independent ways.
import { createHash, generateKeyPairSync, sign, constants, type KeyObject } from "node:crypto";
import { SignJWT } from "jose";
import { beforeAll } from "vitest";
import { spkiKeyFromKeyObject } from "./spki";
import type { Algorithm, Curve, KeyType } from "@/lib/keys/algorithms";
import { buildProjectSnapshot } from "./project-snapshot";
import {
  DEFAULT_POLICY,
  type FailureReason,
  type ProjectPolicy,
  type ProjectSnapshot,
  type Verdict,
  type VerificationKey,
  type VerifyInput,
} from "./types";
import { verifyToken } from "./verify-token";

/** A Verdict whose failure fields can be read without narrowing, for assertions. */
export type LooseVerdict = Verdict & { error?: { reason: FailureReason }; kid?: string };

export type KeyName = "rsa" | "p256" | "p384" | "p521" | "k256" | "ed25519";
export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export const KEY_FOR_ALG: Readonly<Record<Algorithm, KeyName>> = {
  RS256: "rsa",
  RS384: "rsa",
  RS512: "rsa",
  PS256: "rsa",
  PS384: "rsa",
  PS512: "rsa",
  ES256: "p256",
  ES384: "p384",
  ES512: "p521",
  ES256K: "k256",
  EdDSA: "ed25519",
};

export function generateKeyPair(name: KeyName): KeyPair {
  switch (name) {
    case "rsa":
      return generateKeyPairSync("rsa", { modulusLength: 2048 });
    case "p256":
      return generateKeyPairSync("ec", { namedCurve: "P-256" });
    case "p384":
      return generateKeyPairSync("ec", { namedCurve: "P-384" });
    case "p521":
      return generateKeyPairSync("ec", { namedCurve: "P-521" });
    case "k256":
      return generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    case "ed25519":
      return generateKeyPairSync("ed25519");
  }
}

export function generateAllKeyPairs(): Record<KeyName, KeyPair> {
  return {
    rsa: generateKeyPair("rsa"),
    p256: generateKeyPair("p256"),
    p384: generateKeyPair("p384"),
    p521: generateKeyPair("p521"),
    k256: generateKeyPair("k256"),
    ed25519: generateKeyPair("ed25519"),
  };
}

const NODE_CURVES: Record<string, Curve> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
  secp256k1: "secp256k1",
};
const ALGORITHMS_OF: Record<string, Algorithm[]> = {
  rsa: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"],
  "P-256": ["ES256"],
  "P-384": ["ES384"],
  "P-521": ["ES512"],
  secp256k1: ["ES256K"],
  Ed25519: ["EdDSA"],
};

export function spkiPemOf(publicKey: KeyObject): string {
  return publicKey.export({ type: "spki", format: "pem" }).toString();
}

export function toVerificationKey(
  kid: string,
  publicKey: KeyObject,
  options: { revoked?: boolean; algorithms?: Algorithm[] } = {},
): VerificationKey {
  const type = publicKey.asymmetricKeyType;
  const keyType: KeyType = type === "rsa" ? "RSA" : type === "ed25519" ? "OKP" : "EC";
  const namedCurve = publicKey.asymmetricKeyDetails?.namedCurve ?? "";
  const curve: Curve | null = type === "rsa" ? null : type === "ed25519" ? "Ed25519" : (NODE_CURVES[namedCurve] ?? null);
  return {
    kid,
    revoked: options.revoked ?? false,
    keyType,
    curve,
    algorithms: options.algorithms ?? ALGORITHMS_OF[curve ?? "rsa"] ?? [],
    // As the loader holds it: the canonical SPKI the key parser stores, as text; the KeyObject is made on first use.
    spki: spkiKeyFromKeyObject(publicKey) ?? "",
  };
}

export function snapshotOf(keys: VerificationKey[], policy: Partial<ProjectPolicy> = {}, projectId = "proj_1"): ProjectSnapshot {
  return buildProjectSnapshot({ projectId, policy: { ...DEFAULT_POLICY, ...policy }, keys });
}

export function b64url(value: string | Buffer | object): string {
  if (typeof value === "string" || Buffer.isBuffer(value)) return Buffer.from(value).toString("base64url");
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

const HASH_OF: Record<Algorithm, string | null> = {
  RS256: "sha256",
  RS384: "sha384",
  RS512: "sha512",
  PS256: "sha256",
  PS384: "sha384",
  PS512: "sha512",
  ES256: "sha256",
  ES384: "sha384",
  ES512: "sha512",
  ES256K: "sha256",
  EdDSA: null,
};

/** Signs bytes the JOSE way with node:crypto (ECDSA as r||s). */
export function signBytes(alg: Algorithm, privateKey: KeyObject, data: Buffer): Buffer {
  const hash = HASH_OF[alg];
  if (alg.startsWith("PS")) {
    return sign(hash, data, {
      key: privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    });
  }
  if (alg.startsWith("ES")) return sign(hash, data, { key: privateKey, dsaEncoding: "ieee-p1363" });
  return sign(hash, data, privateKey);
}

/** header.payload.signature with the header and payload JSON (objects or raw text) signed by node:crypto. */
export function handToken(alg: Algorithm, privateKey: KeyObject, header: object | string, payload: object | string): string {
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  return `${signingInput}.${signBytes(alg, privateKey, Buffer.from(signingInput)).toString("base64url")}`;
}

export function joseToken(
  alg: Algorithm,
  privateKey: KeyObject,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ ...header, alg }).sign(privateKey);
}

export function signatureOf(token: string): Buffer {
  return Buffer.from(token.slice(token.lastIndexOf(".") + 1), "base64url");
}

export function withSignature(token: string, signature: Buffer | string): string {
  const tail = typeof signature === "string" ? signature : signature.toString("base64url");
  return `${token.slice(0, token.lastIndexOf(".") + 1)}${tail}`;
}

export const TEST_NOW = 1_750_000_000;

/**
 * For a test file: a project with one key of every type (kid = its KeyName), made in
 * beforeAll, and helpers bound to it.
 */
export function useAllKeysProject() {
  const fixture = {} as { pairs: Record<KeyName, KeyPair>; project: ProjectSnapshot };
  beforeAll(() => {
    fixture.pairs = generateAllKeyPairs();
    const names = Object.keys(fixture.pairs) as KeyName[];
    fixture.project = snapshotOf(names.map((name) => toVerificationKey(name, fixture.pairs[name].publicKey)));
  });
  const verify = (token: unknown, snapshot?: ProjectSnapshot): LooseVerdict =>
    verifyToken("proj_1", snapshot ?? fixture.project, { token } as VerifyInput, TEST_NOW);
  const reasonOf = (token: unknown, snapshot?: ProjectSnapshot) => verify(token, snapshot).error?.reason;
  const tokenFor = (alg: Algorithm, payload: object = { sub: "u" }, header: object = {}): string => {
    const kid = KEY_FOR_ALG[alg];
    return handToken(alg, fixture.pairs[kid].privateKey, { alg, kid, ...header }, payload);
  };
  return { fixture, verify, reasonOf, tokenFor };
}
