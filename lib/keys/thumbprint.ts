import { createHash } from "node:crypto";
import type { PublicJwk } from "./types";

/** RFC 7638 JWK thumbprint: SHA-256 of the required members in lexicographic order, base64url, no padding. */
export function jwkThumbprint(jwk: PublicJwk): string {
  const required =
    jwk.kty === "RSA"
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : jwk.kty === "EC"
        ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
        : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash("sha256").update(JSON.stringify(required)).digest("base64url");
}
