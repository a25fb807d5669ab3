import { afterEach, describe, expect, it, vi } from "vitest";
import type pg from "pg";
import { getPool, getPrisma } from "@/lib/db";
import { startVerifyRuntime } from "@/lib/verify/runtime";
import { pendingUsage, recordVerification, startUsageFlusher, stopUsageFlusher } from "@/lib/verify/usage-recorder";
import { newProjectWithKey } from "./verify-fixtures";

describe("shutdown", () => {
  const originalExit = process.exit;
  const nextLikeHandler = () => setTimeout(() => process.exit(143), 0);

  afterEach(() => {
    process.exit = originalExit;
    process.off("SIGTERM", nextLikeHandler);
    stopUsageFlusher();
    startUsageFlusher(getPool);
    stopUsageFlusher();
  });

  it("flushes usage on SIGTERM before the process exits, even when Next.js exits from its own handler", async () => {
    const { projectId, key } = await newProjectWithKey("Shutdown");
    const exits: Array<number | string | null | undefined> = [];
    let countedAtExit: number | null = null;
    let flushed = false;
    let flushedAtExit: boolean | null = null;
    // A slow database: the flush takes 300 ms, far longer than Next's own shutdown.
    const slowPool = {
      query: async (...args: Parameters<pg.Pool["query"]>) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const result = await (getPool().query as (...a: unknown[]) => Promise<unknown>)(...args);
        flushed = true;
        return result;
      },
    } as unknown as pg.Pool;
    startUsageFlusher(() => slowPool);
    process.exit = ((code?: number | string | null) => {
      exits.push(code);
      flushedAtExit = flushed;
      void getPrisma()
        .usageCounter.aggregate({ where: { projectId }, _sum: { count: true } })
        .then((sum) => (countedAtExit = Number(sum._sum.count ?? 0)));
    }) as typeof process.exit;
    // Stands in for Next's start-server, which calls process.exit(143) once its server closed.
    process.on("SIGTERM", nextLikeHandler);
    startVerifyRuntime();
    for (let i = 0; i < 5; i++) recordVerification(projectId, key.kid, "valid");

    process.emit("SIGTERM", "SIGTERM");
    await vi.waitFor(() => expect(countedAtExit).not.toBeNull(), { timeout: 5_000 });
    expect(exits).toEqual([143]);
    expect(flushedAtExit).toBe(true);
    expect(countedAtExit).toBe(5);
    expect(pendingUsage().counters).toBe(0);
  });
});
