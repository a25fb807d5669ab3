import { invalid, type KeyParseFailure } from "./results";

export type PublicPemLabel = "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE";
export type PemBlock = { label: PublicPemLabel; der: Buffer };

// Any armoured private key (PKCS#8, SEC1, PKCS#1, encrypted, OpenSSH, PGP), wherever it sits in the input.
const PRIVATE_PEM = /-----BEGIN[^-\r\n]*PRIVATE KEY/i;
const PUTTY_PRIVATE = /PuTTY-User-Key-File-\d+:|^Private-Lines:/im;
// Private JWK member names, for JSON that is too large or too broken to parse.
const PRIVATE_JSON_MEMBER = /"(?:d|p|q|dp|dq|qi|oth)"\s*:/;

const BEGIN = /-----BEGIN /g;
const BLOCK = /-----BEGIN ([A-Z0-9 ]{1,40})-----([\s\S]*?)-----END ([A-Z0-9 ]{1,40})-----/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PUBLIC_LABELS: readonly string[] = ["PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE"];

export const SSH_PUBLIC_KEY_MESSAGE =
  "SSH public keys are not supported. Paste the key as PEM instead: " +
  "for an RSA or ECDSA key, `ssh-keygen -e -m PKCS8 -f key.pub` prints it.";

const OTHER_LABELS: Readonly<Record<string, string>> = {
  "CERTIFICATE REQUEST":
    "This is a certificate signing request (CSR), not a public key. Paste the public key instead (`openssl req -in csr.pem -pubkey -noout`).",
  "NEW CERTIFICATE REQUEST":
    "This is a certificate signing request (CSR), not a public key. Paste the public key instead (`openssl req -in csr.pem -pubkey -noout`).",
  "SSH2 PUBLIC KEY": SSH_PUBLIC_KEY_MESSAGE,
  "EC PARAMETERS":
    "This block holds EC curve parameters, not a key. Paste only the public key (`openssl ec -in key.pem -pubout`).",
};

export function containsPrivateKeyMarker(text: string): boolean {
  if (PRIVATE_PEM.test(text) || PUTTY_PRIVATE.test(text)) return true;
  return /^\s*\{/.test(text) && PRIVATE_JSON_MEMBER.test(text);
}

export function looksLikePem(text: string): boolean {
  return text.includes("-----BEGIN ");
}

/** Reads exactly one PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE block; `text` must already be trimmed. */
export function readSinglePemBlock(text: string): { ok: true; block: PemBlock } | KeyParseFailure {
  if ((text.match(BEGIN)?.length ?? 0) > 1) {
    return invalid("The input contains more than one PEM block. Paste only one public key or one certificate.");
  }
  const match = BLOCK.exec(text);
  if (!match) {
    return invalid(
      "The PEM block is incomplete or malformed: it needs a -----BEGIN line, the base64 body and the matching -----END line.",
    );
  }
  const [whole, label = "", body = "", endLabel] = match;
  if (match.index !== 0 || whole.length !== text.length) {
    return invalid("Paste only the PEM block, from its -----BEGIN line to its -----END line, with nothing before or after it.");
  }
  if (label !== endLabel) return invalid("The PEM block's -----BEGIN and -----END labels do not match.");
  if (!PUBLIC_LABELS.includes(label)) {
    return invalid(
      OTHER_LABELS[label] ??
        "This PEM block is not a public key. Signet accepts PUBLIC KEY, RSA PUBLIC KEY and CERTIFICATE blocks.",
    );
  }
  const base64 = body.replace(/\s+/g, "");
  if (!BASE64.test(base64) || base64.length % 4 !== 0) {
    return invalid("The body of the PEM block is not valid base64. Copy the whole block again, without changes.");
  }
  const der = Buffer.from(base64, "base64");
  if (outerDerLength(der) !== der.length) {
    return invalid("The PEM block is truncated or has extra data after the key. Copy the whole block again.");
  }
  return { ok: true, block: { label: label as PublicPemLabel, der } };
}

// node:crypto silently ignores bytes after the DER structure; only the outer SEQUENCE header is read here.
function outerDerLength(der: Buffer): number | null {
  if (der.length < 2 || der[0] !== 0x30) return null;
  const first = der[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || der.length < 2 + count) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (der[2 + i] ?? 0);
  return 2 + count + length;
}
