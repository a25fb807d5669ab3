import { timingSafeEqual } from "node:crypto";
import { sha256 } from "@/lib/crypto/sha256";

// Gateways present one of the comma-separated GATEWAY_KEYS in `X-Gateway-Key`
// (VERIFY-API.md §2). The header is never logged or echoed.

export const GATEWAY_KEY_HEADER = "x-gateway-key";

interface GatewayKeys {
  raw: string | undefined;
  digests: Buffer[];
}

const globalForGateway = globalThis as unknown as { signetGatewayKeys?: GatewayKeys };

/** The SHA-256 digests of the configured keys, recomputed only when GATEWAY_KEYS changes. */
function configuredDigests(): Buffer[] {
  const raw = process.env.GATEWAY_KEYS;
  const cached = globalForGateway.signetGatewayKeys;
  if (cached && cached.raw === raw) return cached.digests;
  const digests = (raw ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter((key) => key !== "")
    .map((key) => sha256(key, "buffer"));
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
  const candidate = sha256(presented.trim(), "buffer");
  let matched = false;
  for (const digest of digests) {
    // timingSafeEqual runs first on purpose: every key is compared.
    matched = timingSafeEqual(candidate, digest) || matched;
  }
  return matched;
}
