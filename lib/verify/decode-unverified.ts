// The token debugger's view of a JWT: header and payload decoded with plain base64url
// and JSON, for display only. Nothing here checks a signature: callers label it "unverified".

export type DecodedPart = { ok: true; json: string; value: Record<string, unknown> } | { ok: false; error: string };

export interface UnverifiedToken {
  parts: number;
  header: DecodedPart;
  payload: DecodedPart;
  /** exp / nbf / iat as ISO times, when they are numbers. */
  times: Array<{ claim: "exp" | "nbf" | "iat"; iso: string }>;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodePart(part: string | undefined, name: string): DecodedPart {
  if (part === undefined || part === "") return { ok: false, error: `The token has no ${name}.` };
  if (!BASE64URL.test(part)) return { ok: false, error: `The ${name} is not base64url.` };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(part, "base64url"));
  } catch {
    return { ok: false, error: `The ${name} is not UTF-8 text.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: `The ${name} is not JSON.` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, error: `The ${name} is not a JSON object.` };
  }
  return { ok: true, json: JSON.stringify(value, null, 2), value: value as Record<string, unknown> };
}

export function decodeUnverified(token: string): UnverifiedToken {
  const parts = token.trim().split(".");
  const header = decodePart(parts[0], "header");
  const payload = decodePart(parts[1], "payload");
  const times: UnverifiedToken["times"] = [];
  if (payload.ok) {
    for (const claim of ["iat", "nbf", "exp"] as const) {
      const seconds = payload.value[claim];
      if (typeof seconds === "number" && Number.isFinite(seconds) && Math.abs(seconds) < 8.64e12) {
        times.push({ claim, iso: new Date(seconds * 1000).toISOString() });
      }
    }
  }
  return { parts: parts.length, header, payload, times };
}
