import { expect } from "vitest";
import { parsePublicKey } from "../parse-public-key";
import type { KeyParseErrorCode } from "../types";
import { secretFragments } from "./openssl";

/** Asserts the refusal code, that the message is a sentence, and that it quotes nothing from the input. */
export function expectRefused(input: unknown, code: KeyParseErrorCode): string {
  const result = parsePublicKey(input);
  expect(result.ok, `expected ${code}`).toBe(false);
  if (result.ok) return "";
  expect(result.code).toBe(code);
  expect(result.message).toMatch(/^[A-Z].*[.)]$/s);
  for (const fragment of secretFragments(input)) expect(result.message).not.toContain(fragment);
  return result.message;
}
