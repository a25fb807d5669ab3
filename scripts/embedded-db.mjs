// The embedded PostgreSQL-compatible database used when DATABASE_URL is unset:
// PGlite (PostgreSQL compiled to WebAssembly) over a data folder, served on a
// local port by pglite-socket so Prisma and pg connect to it like any server.
// Runs as a child process of scripts/start.mjs and reports its URL over IPC.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export async function startEmbeddedDatabase({ dataDir, port = 0, host = "127.0.0.1" }) {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? "memory://");
  const server = new PGLiteSocketServer({ db, port, host, maxConnections: 16 });
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

if (process.send) {
  const dataDir = process.env.SIGNET_EMBEDDED_DATA_DIR;
  const port = Number(process.env.SIGNET_EMBEDDED_DB_PORT ?? 0);
  const embedded = await startEmbeddedDatabase({ dataDir, port });
  process.send({ url: embedded.url });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await embedded.stop().catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("disconnect", stop);
}
