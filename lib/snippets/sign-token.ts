import { KID_PLACEHOLDER } from "./snippet-context";

// A Node script that signs a short-lived token with private.pem. jose covers every algorithm
// Signet accepts except ES256K (secp256k1), which node:crypto signs directly.

export interface SignTokenOptions {
  /** The key's kid, or null for a placeholder. */
  kid: string | null;
  /** One of the key's algorithms; ES256 when not given. */
  alg?: string | null;
}

export function signTokenSnippet({ kid, alg }: SignTokenOptions): string {
  const algorithm = alg || "ES256";
  const keyId = kid ?? KID_PLACEHOLDER;
  return algorithm === "ES256K" ? nodeCryptoScript(keyId) : joseScript(keyId, algorithm);
}

function joseScript(kid: string, alg: string): string {
  return `// sign-token.mjs — prints a JWT signed with private.pem, valid for 60 seconds.
// npm install jose && node sign-token.mjs
import { readFileSync } from "node:fs";
import { importPKCS8, SignJWT } from "jose";

const privateKey = await importPKCS8(readFileSync("private.pem", "utf8"), "${alg}");

const token = await new SignJWT({ sub: "my-service" })
  .setProtectedHeader({ alg: "${alg}", kid: "${kid}" })
  .setIssuedAt()
  .setExpirationTime("60s")
  .sign(privateKey);

console.log(token);
`;
}

function nodeCryptoScript(kid: string): string {
  return `// sign-token.mjs — prints an ES256K JWT signed with private.pem, valid for 60 seconds.
// jose does not implement ES256K (secp256k1), so this signs with node:crypto: node sign-token.mjs
import { createPrivateKey, sign } from "node:crypto";
import { readFileSync } from "node:fs";

const privateKey = createPrivateKey(readFileSync("private.pem"));
const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = Math.floor(Date.now() / 1000);

const input = \`\${part({ alg: "ES256K", typ: "JWT", kid: "${kid}" })}.\${part({ sub: "my-service", iat: now, exp: now + 60 })}\`;
const signature = sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });

console.log(\`\${input}.\${signature.toString("base64url")}\`);
`;
}
