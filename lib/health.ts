import path from "node:path";
import { getPool } from "@/lib/db";
import { pendingMigrations } from "@/scripts/migrate.mjs";

/** Ready = the database answers and every migration on disk is applied. */
export async function readiness(): Promise<{ ready: boolean; database: string; pendingMigrations: string[] }> {
  try {
    const client = await getPool().connect();
    try {
      await client.query("SELECT 1");
      const pending: string[] = await pendingMigrations(client, path.join(process.cwd(), "prisma/migrations"));
      return { ready: pending.length === 0, database: "ok", pendingMigrations: pending };
    } finally {
      client.release();
    }
  } catch {
    return { ready: false, database: "unreachable", pendingMigrations: [] };
  }
}
