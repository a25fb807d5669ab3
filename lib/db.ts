import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { envCount } from "@/lib/config/env-count";
import { PrismaClient } from "@/lib/generated/prisma/client";

// One pool and one Prisma client per process, kept on globalThis so that
// Next's dev reloads and separately bundled routes share them.
const globalForDb = globalThis as unknown as { signetPool?: pg.Pool; signetPrisma?: PrismaClient };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it, or starts the embedded database).");
  return url;
}

export function getPool(): pg.Pool {
  if (!globalForDb.signetPool) {
    const pool = new pg.Pool({
      connectionString: databaseUrl(),
      max: envCount("DATABASE_POOL_SIZE", { fallback: 10, min: 1, max: 1_000 }),
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on("error", () => {});
    globalForDb.signetPool = pool;
  }
  return globalForDb.signetPool;
}

export function getPrisma(): PrismaClient {
  if (!globalForDb.signetPrisma) {
    globalForDb.signetPrisma = new PrismaClient({
      adapter: new PrismaPg(getPool()),
      // Bursts of writes (e.g. concurrent key adds serialised by the project lock) wait for a
      // connection rather than failing after Prisma's 2 s default.
      transactionOptions: { maxWait: 10_000, timeout: 15_000 },
    });
  }
  return globalForDb.signetPrisma;
}

export type { PrismaClient };
