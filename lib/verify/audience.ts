import type { ProjectPolicy, VerifyInput } from "./types";

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

/** The project's audience when set, else the gateway's, else null (no check). */
export function expectedAudience(policy: ProjectPolicy, input: VerifyInput): string | null {
  if (isNonEmptyString(policy.audience)) return policy.audience;
  const fromGateway = input.audience;
  return isNonEmptyString(fromGateway) ? fromGateway : null;
}

/** Equal, or a suffix right after ".", "/" or ":" — both already lower-cased. */
function matchesOne(entry: string, expected: string): boolean {
  if (entry === expected) return true;
  const boundary = entry.length - expected.length - 1;
  if (boundary < 0 || !entry.endsWith(expected)) return false;
  const separator = entry.charCodeAt(boundary);
  return separator === 0x2e || separator === 0x2f || separator === 0x3a;
}

/** Whether a present `aud` claim (string or array of strings) names the expected audience. */
export function audienceMatches(aud: unknown, expected: string): boolean {
  const wanted = expected.toLowerCase();
  if (typeof aud === "string") return matchesOne(aud.toLowerCase(), wanted);
  if (!Array.isArray(aud)) return false;
  let matched = false;
  for (const entry of aud) {
    // An array holding anything but strings is not a valid `aud` at all.
    if (typeof entry !== "string") return false;
    if (!matched && matchesOne(entry.toLowerCase(), wanted)) matched = true;
  }
  return matched;
}
