// A second Signet "instance" inside the test process: its own pool and key cache, listening
// for other instances' changes on its own connection, as another server would.
import pg from "pg";
import { expect } from "vitest";
import { createKeyCache, type KeyCache } from "@/lib/verify/key-cache";
import { waitFor } from "../verify/verify-fixtures";

export interface TestInstance {
  pool: pg.Pool;
  cache: KeyCache;
  close(): Promise<void>;
}

export async function startInstance(connectionString: string, options: { listen?: boolean } = {}): Promise<TestInstance> {
  const pool = new pg.Pool({ connectionString, max: 3, connectionTimeoutMillis: 1_000 });
  pool.on("error", () => {});
  const listen = options.listen ?? true;
  const cache = createKeyCache({ pool, listen, connectionString });
  if (listen) {
    const { timedOut } = await waitFor(async () => cache.stats().listening, Boolean, 5_000, 20);
    expect(timedOut, "the instance's LISTEN connection did not come up").toBeUndefined();
  }
  return {
    pool,
    cache,
    async close() {
      await cache.close();
      await pool.end().catch(() => {});
    },
  };
}
