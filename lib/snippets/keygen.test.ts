// The snippets run for real: openssl makes each key pair, Signet's parser accepts public.pem,
// the signing script signs with private.pem, and Signet's verifier accepts the token.
import { execFileSync } from "node:child_process";
import { createPublicKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePublicKey } from "@/lib/keys/parse-public-key";
import { snapshotOf, toVerificationKey } from "@/lib/verify/test-fixtures";
import { verifyToken } from "@/lib/verify/verify-token";
import { keygenSnippets } from "./keygen";
import { signTokenSnippet } from "./sign-token";

const KID = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c";
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "signet-snippets-"));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function inFreshDir(name: string): string {
  const dir = path.join(root, name);
  execFileSync("mkdir", ["-p", dir]);
  // The signing script imports jose; let Node find it.
  symlinkSync(path.join(process.cwd(), "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

const cases = keygenSnippets().flatMap((snippet) =>
  (snippet.id === "rsa" ? ["RS256", "PS256"] : snippet.algorithms.slice(0, 1)).map((alg) => [`${snippet.id} ${alg}`, snippet, alg] as const),
);

describe("key generation and signing snippets, run for real", () => {
  it.each(cases)("%s", (name, snippet, alg) => {
    const dir = inFreshDir(name.replace(/\W+/g, "-"));
    execFileSync("sh", ["-c", snippet.command], { cwd: dir, stdio: "pipe" });
    expect(readFileSync(path.join(dir, "private.pem"), "utf8")).toContain("-----BEGIN PRIVATE KEY-----");

    const publicPem = readFileSync(path.join(dir, "public.pem"), "utf8");
    const parsed = parsePublicKey(publicPem);
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (parsed.ok) expect(parsed.key.algorithms).toEqual(expect.arrayContaining(snippet.algorithms));

    writeFileSync(path.join(dir, "sign-token.mjs"), signTokenSnippet({ kid: KID, alg }));
    const token = execFileSync(process.execPath, ["sign-token.mjs"], { cwd: dir, encoding: "utf8" }).trim();
    const header = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString());
    expect(header).toMatchObject({ alg, kid: KID });

    const snapshot = snapshotOf([toVerificationKey(KID, createPublicKey(publicPem))], { requireExp: true, maxLifetimeSeconds: 60 });
    const verdict = verifyToken("proj_1", snapshot, { token }, Date.now() / 1000);
    expect(verdict).toMatchObject({ valid: true, kid: KID, alg, claims: { sub: "my-service" } });
  });
});
