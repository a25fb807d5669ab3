// Finds a real PostgreSQL for a test run and makes a fresh database on it:
// TEST_DATABASE_URL, else DATABASE_URL, else the local server on
// 127.0.0.1:5432 (user postgres), else an embedded PGlite server.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { databaseReachable as reachable } from "../../scripts/database-reachable.mjs";
import { startEmbeddedDatabase } from "../../scripts/embedded-db.mjs";
import { applyMigrations } from "../../scripts/migrate.mjs";

const LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres";


export interface TestDatabase {
  url: string;
  /** The server's admin URL (to create/drop databases), or null on embedded PGlite. */
  serverUrl: string | null;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const configured = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const serverUrl = configured ?? ((await reachable(LOCAL_SERVER)) ? LOCAL_SERVER : null);
  if (!serverUrl) {
    const embedded = await startEmbeddedDatabase({});
    await applyMigrations(embedded.url);
    return { url: embedded.url, serverUrl: null, drop: () => embedded.stop() };
  }
  const name = `signet_${label}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    url: url.toString(),
    serverUrl,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
