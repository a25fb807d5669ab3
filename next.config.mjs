import { API_CSP, SECURITY_HEADERS } from "./lib/http/security-headers.mjs";

/** @type {import('next').NextConfig} */

const nextConfig = {
  poweredByHeader: false,
  // Native and WebAssembly packages load from node_modules at run time.
  serverExternalPackages: ["@node-rs/argon2", "pino", "pg", "@electric-sql/pglite"],
  async headers() {
    return [
      { source: "/:path*", headers: [...SECURITY_HEADERS] },
      { source: "/api/:path*", headers: [API_CSP] },
      { source: "/(healthz|readyz|metrics)", headers: [API_CSP] },
    ];
  },
};

export default nextConfig;
