import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "integration-test-secret-integration-test-secret";
process.env.GATEWAY_KEYS ??= "test-gateway-key-1,test-gateway-key-2";
// Generous limits so tests that sign up many users are not throttled; the rate-limit tests set their own.
process.env.SIGNUP_RATE_LIMIT ??= "100000";
