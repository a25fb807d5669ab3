import * as crypto from "node:crypto";

// Gateways present one of the comma-separated GATEWAY_KEYS in `X-Gateway-Key`
// (VERIFY-API.md §2). The header is never logged or echoed.

export const GATEWAY_KEY_HEADER = "x-gateway-key";

interface GatewayKeys {
  raw: string | undefined;
  digests: Buffer[];
}

const globalForGateway = globalThis as unknown as { signetGatewayKeys?: GatewayKeys };

// crypto.hash (Node ≥ 20.12) is the one-shot form: several times cheaper than createHash per request.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "buffer") => Buffer }).hash;
const sha256 = (value: string): Buffer =>
  oneShot ? oneShot("sha256", value, "buffer") : crypto.createHash("sha256").update(value, "utf8").digest();

/** The SHA-256 digests of the configured keys, recomputed only when GATEWAY_KEYS changes. */
function configuredDigests(): Buffer[] {
  const raw = process.env.GATEWAY_KEYS;
  const cached = globalForGateway.signetGatewayKeys;
  if (cached && cached.raw === raw) return cached.digests;
  const digests = (raw ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter((key) => key !== "")
    .map(sha256);
  globalForGateway.signetGatewayKeys = { raw, digests };
  return digests;
}

/**
 * Whether `presented` is one of the configured gateway keys. Compares fixed-length digests
 * with timingSafeEqual and checks every key (no early exit), so timing says nothing about
 * how much of a key matched or which one. No keys configured → nothing is accepted.
 */
export function isGatewayKeyValid(presented: string | null | undefined): boolean {
  if (typeof presented !== "string" || presented === "") return false;
  const digests = configuredDigests();
  if (digests.length === 0) return false;
  const candidate = sha256(presented.trim());
  let matched = false;
  for (const digest of digests) {
    // timingSafeEqual runs first on purpose: every key is compared.
    matched = crypto.timingSafeEqual(candidate, digest) || matched;
  }
  return matched;
}
