// The security headers of every answer, in one place: next.config.mjs adds them to what
// Next.js serves, and scripts/lean-response-headers.mjs to the verification API's lean
// path, which answers before Next sees the request. Plain .mjs: next.config.mjs and
// scripts/ load it with Node itself.

/** Every answer. */
export const SECURITY_HEADERS = Object.freeze([
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
]);

/** API answers are data, never documents (pages get a nonce-based CSP from proxy.ts). */
export const API_CSP = Object.freeze({
  key: "Content-Security-Policy",
  value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
});
