// Applies prisma/migrations/* the way `prisma migrate deploy` does, recording
// them in the same `_prisma_migrations` table, so an operator elsewhere can
// still use the stock Prisma CLI. (Prisma's CLI needs a schema-engine binary
// that cannot be downloaded on these machines.)
//
//   node scripts/migrate.mjs deploy        apply pending migrations to DATABASE_URL
//   node scripts/migrate.mjs status        list applied / pending migrations
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "prisma", "migrations");
// The advisory lock id Prisma Migrate itself takes, so concurrent starts of
// several Signet instances (or Signet and the stock CLI) never race.
const PRISMA_MIGRATE_LOCK_ID = 72707369;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export function listMigrations(dir = MIGRATIONS_DIR) {
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Applies pending migrations; returns the names applied. Safe to call from several processes at once. */
export async function applyMigrations(databaseUrl, { log = () => {} } = {}) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_ID]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const applied = new Map(rows.filter((r) => !r.rolled_back_at).map((r) => [r.migration_name, r]));
    const done = [];
    for (const migration of listMigrations()) {
      const row = applied.get(migration.name);
      if (row && row.finished_at) {
        if (row.checksum !== migration.checksum) {
          log(`warning: migration ${migration.name} was modified after it was applied`);
        }
        continue;
      }
      if (row) {
        throw new Error(
          `Migration ${migration.name} failed earlier and is recorded as unfinished; resolve it (prisma migrate resolve) before starting.`,
        );
      }
      const id = randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, migration.checksum, migration.name],
        );
        await client.query(migration.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${error.message}`);
      }
      log(`applied migration ${migration.name}`);
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_ID]).catch(() => {});
    await client.end();
  }
}

/** Names of migrations on disk that the database has not finished applying. */
export async function pendingMigrations(client, dir = MIGRATIONS_DIR) {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
  const names = listMigrations(dir).map((m) => m.name);
  if (!exists.rows[0].t) return names;
  const { rows } = await client.query(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const finished = new Set(rows.map((r) => r.migration_name));
  return names.filter((name) => !finished.has(name));
}

async function main() {
  const command = process.argv[2] ?? "deploy";
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set.");
    process.exit(2);
  }
  if (command === "deploy") {
    const names = await applyMigrations(url, { log: (m) => console.log(m) });
    console.log(names.length ? `${names.length} migration(s) applied.` : "No pending migrations.");
  } else if (command === "status") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const pending = await pendingMigrations(client);
    await client.end();
    console.log(pending.length ? `Pending: ${pending.join(", ")}` : "Database schema is up to date.");
  } else {
    console.error(`Unknown command ${command}; use deploy or status.`);
    process.exit(2);
  }
}

// Without top-level await, so CommonJS loaders (Playwright's) can import this module.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
