// openssl commands that make a key pair Signet accepts. `genpkey` writes the private key as PKCS#8
// ("BEGIN PRIVATE KEY"), which is what jose's importPKCS8 and node:crypto read.

export interface KeygenSnippet {
  id: string;
  title: string;
  /** The JWS algorithms a key made this way signs with. */
  algorithms: string[];
  command: string;
}

const PUBOUT = "openssl pkey -in private.pem -pubout -out public.pem";

const ec = (curve: string) =>
  `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:${curve} -pkeyopt ec_param_enc:named_curve -out private.pem\n${PUBOUT}`;

export function keygenSnippets(): KeygenSnippet[] {
  return [
    { id: "es256", title: "ES256 — EC P-256", algorithms: ["ES256"], command: ec("P-256") },
    { id: "es384", title: "ES384 — EC P-384", algorithms: ["ES384"], command: ec("P-384") },
    { id: "es512", title: "ES512 — EC P-521", algorithms: ["ES512"], command: ec("P-521") },
    { id: "es256k", title: "ES256K — EC secp256k1", algorithms: ["ES256K"], command: ec("secp256k1") },
    {
      id: "rsa",
      title: "RS256 / PS256 — RSA 2048",
      algorithms: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"],
      command: `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private.pem\n${PUBOUT}`,
    },
    { id: "eddsa", title: "EdDSA — Ed25519", algorithms: ["EdDSA"], command: `openssl genpkey -algorithm ed25519 -out private.pem\n${PUBOUT}` },
  ];
}
