import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { busiestThread, runQueueWaitMs, whileStopped } from "./proc.mjs";

const state = (pid: number) => /^State:\s*(\S)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];

describe("whileStopped", () => {
  let child: ChildProcess | null = null;
  afterEach(() => {
    child?.kill("SIGKILL");
    child = null;
  });

  it("stops the processes for the callback and continues them after it, also when it throws", async () => {
    child = spawn(process.execPath, ["-e", "setInterval(() => {}, 5)"], { stdio: "ignore" });
    const pid = child.pid!;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(state(pid)).not.toBe("T");
    const seen = await whileStopped([pid, 2 ** 22 + 12_345], async (stopped) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { stopped, state: state(pid) };
    });
    expect(seen).toEqual({ stopped: [pid], state: "T" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state(pid)).not.toBe("T");
    await expect(
      whileStopped([pid], async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state(pid)).not.toBe("T");
  });
});

describe("busiestThread", () => {
  it("finds the thread that runs the most: a busy worker thread rather than an idle main thread", async () => {
    const worker = `const { Worker } = require("node:worker_threads");
      new Worker("for (;;) {}", { eval: true });
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["-e", worker], { stdio: "ignore" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 700));
      const tid = busiestThread(child.pid!);
      expect(tid).not.toBeNull();
      expect(tid).not.toBe(String(child.pid));
      expect(runQueueWaitMs(child.pid!, tid!)).toBeGreaterThanOrEqual(0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
