import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `npm run bench` runs bench/in-process/*.bench.ts with this config (vitest's bench mode,
// tinybench underneath): measurements of Signet's own functions, no HTTP. Not tests.
const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    root,
    environment: "node",
    maxWorkers: 1,
    benchmark: { include: ["bench/in-process/**/*.bench.ts"] },
  },
});
