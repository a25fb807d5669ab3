import { execFileSync } from "node:child_process";
import { createPrivateKey, createPublicKey, type JsonWebKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A scratch directory where tests run the openssl CLI exactly as users are told to. */
export interface OpensslKit {
  /** Runs `openssl ...args` in the scratch directory; returns its stdout. */
  openssl(...args: string[]): string;
  /** Runs another CLI (ssh-keygen) in the scratch directory; returns its stdout. */
  run(command: string, ...args: string[]): string;
  read(file: string): string;
  path(file: string): string;
  cleanup(): void;
}

export function createOpensslKit(): OpensslKit {
  const dir = mkdtempSync(join(tmpdir(), "signet-keys-"));
  const run = (command: string, ...args: string[]) =>
    execFileSync(command, args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return {
    openssl: (...args) => run("openssl", ...args),
    run,
    read: (file) => readFileSync(join(dir, file), "utf8"),
    path: (file) => join(dir, file),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function hasCommand(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export const publicJwkOf = (pem: string): JsonWebKey => createPublicKey(pem).export({ format: "jwk" });
export const privateJwkOf = (pem: string): JsonWebKey => createPrivateKey(pem).export({ format: "jwk" });
export const spkiOf = (pem: string): string => createPublicKey(pem).export({ type: "spki", format: "pem" }).toString();

/** Every line of a PEM body and every JWK value: none of them may appear in an error message. */
export function secretFragments(input: unknown): string[] {
  if (typeof input === "string") {
    return input
      .split(/\s+/)
      .filter((token) => token.length >= 8 && !token.includes("-----"));
  }
  if (typeof input === "object" && input !== null) {
    return Object.values(input).flatMap((value) => (typeof value === "string" ? secretFragments(value) : []));
  }
  return [];
}
