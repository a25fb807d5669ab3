// The embedded PostgreSQL-compatible database used when DATABASE_URL is unset:
// PGlite (PostgreSQL compiled to WebAssembly) over a data folder, served on a
// local port by pglite-socket so Prisma and pg connect to it like any server.
// scripts/embedded-db-server.mjs runs it as a child process of scripts/start.mjs.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export async function startEmbeddedDatabase({ dataDir, port = 0, host = "127.0.0.1" }) {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? "memory://");
  // Each verifying thread has a pool (DATABASE_POOL_SIZE, 10) and a LISTEN connection: the
  // server thread and, with INTERNAL_PORT, its worker thread make 22 at most.
  const server = new PGLiteSocketServer({ db, port, host, maxConnections: 32 });
  await server.start();
  const address = server.server?.address?.() ?? null;
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    url: `postgresql://postgres@${host}:${actualPort}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
