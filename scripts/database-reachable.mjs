import pg from "pg";

/** Whether a PostgreSQL server answers at `url` within two seconds (for picking a test or bench database). */
export async function databaseReachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
