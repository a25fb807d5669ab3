// Generates the Prisma client. Prisma's schema-engine binary is a download that
// fails offline; `generate` does not need it, so point Prisma at /bin/false.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const bin = "node_modules/.bin/prisma";
if (!existsSync(bin)) process.exit(0);
const result = spawnSync(bin, ["generate"], {
  stdio: "inherit",
  env: { PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1", ...process.env },
});
process.exit(result.status ?? 1);
