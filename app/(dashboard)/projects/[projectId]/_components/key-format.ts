import type { PublicKeyDto } from "@/lib/keys/serialize-public-key";

/** "2025-11-23 15:04 UTC": rendered on the server, the same for everyone. */
export function formatTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never";
}

export function describeKeyType(key: Pick<PublicKeyDto, "keyType"> & { curve?: string; bits?: number }): string {
  if (key.keyType === "RSA") return `RSA ${key.bits ?? ""}`.trim();
  if (key.curve === "Ed25519") return "Ed25519";
  return `EC ${key.curve ?? ""}`.trim();
}

/** How a key is named in buttons and confirmations: “its name”, or the start of its kid. */
export const keyLabel = (key: Pick<PublicKeyDto, "kid" | "name">) => (key.name ? `“${key.name}”` : `key ${key.kid.slice(0, 8)}…`);

export const shortFingerprint = (fingerprint: string) => `${fingerprint.slice(0, 12)}…`;
