import { createPublicKey, type KeyObject } from "node:crypto";
import { algorithmsForKey, RSA_MIN_BITS, SUPPORTED_ALGORITHMS, type Curve, type KeyType } from "./algorithms";
import { fail, invalid, unsupported } from "./results";
import { jwkThumbprint } from "./thumbprint";
import type { KeyParseResult, PublicJwk } from "./types";

// OpenSSL's limits: it refuses to verify with a larger modulus, and a huge exponent makes verification slow.
export const RSA_MAX_BITS = 16384;
const RSA_MAX_EXPONENT = 2n ** 64n;

const NODE_CURVES: Readonly<Record<string, Curve>> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
  secp256k1: "secp256k1",
};

const REFUSED_TYPES: Readonly<Record<string, string>> = {
  "rsa-pss":
    "RSA-PSS-restricted keys (id-RSASSA-PSS) are not supported; use a standard RSA key (`openssl genpkey -algorithm RSA`), which still verifies PS256, PS384 and PS512.",
  dsa: "DSA keys are not supported.",
  dh: "Diffie-Hellman keys cannot sign tokens, so they are not supported.",
  x25519: "X25519 keys are for key agreement and cannot sign tokens; use an Ed25519 key for EdDSA.",
  x448: "X448 keys are for key agreement and cannot sign tokens; use an Ed25519 key for EdDSA.",
  ed448: "Ed448 keys are not supported; use an Ed25519 key for EdDSA.",
};

/** Checks a public KeyObject against Signet's rules and describes it in normalised form. */
export function normaliseKeyObject(key: KeyObject): KeyParseResult {
  if (key.type !== "public") return invalid("This is not a public key.");
  const type = key.asymmetricKeyType ?? "";
  if (type === "rsa") return normaliseRsa(key);
  if (type === "ed25519") return describe(key, "OKP", "Ed25519", null);
  if (type === "ec") {
    const named = key.asymmetricKeyDetails?.namedCurve;
    const curve = named === undefined ? undefined : NODE_CURVES[named];
    if (!curve) {
      return unsupported(named ? `The EC curve ${named} is not supported.` : "This EC curve is not supported.");
    }
    return describe(key, "EC", curve, null);
  }
  return unsupported(REFUSED_TYPES[type] ?? "This key type is not supported.");
}

function normaliseRsa(key: KeyObject): KeyParseResult {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  const exponent = key.asymmetricKeyDetails?.publicExponent ?? 0n;
  const modulus = Buffer.from(key.export({ format: "jwk" }).n ?? "", "base64url");
  if (((modulus[modulus.length - 1] ?? 0) & 1) === 0) return invalid("This is not a valid RSA key: its modulus is even.");
  if (exponent < 3n || exponent % 2n === 0n) {
    return invalid("This is not a valid RSA key: its public exponent must be an odd number of at least 3.");
  }
  if (bits < RSA_MIN_BITS) {
    return fail(
      "weak_key",
      `This RSA key has ${bits} bits; Signet requires at least ${RSA_MIN_BITS}. ` +
        "Generate a new key pair, for example with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072`.",
    );
  }
  if (bits > RSA_MAX_BITS) return unsupported(`RSA keys larger than ${RSA_MAX_BITS} bits are not supported.`);
  if (exponent >= RSA_MAX_EXPONENT) return unsupported("RSA public exponents of 2^64 or more are not supported.");
  return describe(key, "RSA", null, bits);
}

function describe(key: KeyObject, keyType: KeyType, curve: Curve | null, bits: number | null): KeyParseResult {
  const jwk = publicJwk(key, keyType, curve);
  // Rebuilt from the JWK so every spelling of a key (compressed point, explicit curve parameters, PKCS#1) exports alike.
  const spkiPem = createPublicKey({ key: jwk, format: "jwk" }).export({ type: "spki", format: "pem" }).toString();
  const allowed = new Set(algorithmsForKey(keyType, curve));
  return {
    ok: true,
    key: {
      keyType,
      curve,
      bits,
      algorithms: SUPPORTED_ALGORITHMS.filter((alg) => allowed.has(alg)),
      fingerprint: jwkThumbprint(jwk),
      spkiPem,
      jwk,
    },
  };
}

function publicJwk(key: KeyObject, keyType: KeyType, curve: Curve | null): PublicJwk {
  const { n, e, x, y } = key.export({ format: "jwk" });
  const need = (value: string | undefined): string => {
    if (!value) throw new Error("incomplete JWK export");
    return value;
  };
  if (keyType === "RSA") return { kty: "RSA", n: need(n), e: need(e) };
  if (curve === "Ed25519") return { kty: "OKP", crv: "Ed25519", x: need(x) };
  if (keyType === "EC" && curve) return { kty: "EC", crv: curve, x: need(x), y: need(y) };
  throw new Error("no JWK form for this key");
}
