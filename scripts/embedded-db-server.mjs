// Child process of scripts/start.mjs: serves the embedded database and reports its URL over IPC.
import { startEmbeddedDatabase } from "./embedded-db.mjs";

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
