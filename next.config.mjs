/** @type {import('next').NextConfig} */

const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

// Pages get a nonce-based CSP from proxy.ts; API answers are data, never documents.
const API_CSP = { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" };

const nextConfig = {
  poweredByHeader: false,
  // Native and WebAssembly packages load from node_modules at run time.
  serverExternalPackages: ["@node-rs/argon2", "pino", "pg", "@electric-sql/pglite"],
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/api/:path*", headers: [API_CSP] },
      { source: "/(healthz|readyz|metrics)", headers: [API_CSP] },
    ];
  },
};

export default nextConfig;
