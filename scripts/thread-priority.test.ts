import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { backgroundNice, DEFAULT_BACKGROUND_NICE } from "./thread-priority.mjs";

describe("backgroundNice (INTERNAL_BACKGROUND_NICE)", () => {
  it("is 10 unless set, and takes 0 (off) to 19", () => {
    expect(DEFAULT_BACKGROUND_NICE).toBe(10);
    expect(backgroundNice({})).toBe(10);
    expect(backgroundNice({ INTERNAL_BACKGROUND_NICE: " " })).toBe(10);
    expect(backgroundNice({ INTERNAL_BACKGROUND_NICE: "0" })).toBe(0);
    expect(backgroundNice({ INTERNAL_BACKGROUND_NICE: " 19 " })).toBe(19);
  });

  it("refuses anything else with a message for the operator", () => {
    for (const value of ["20", "-1", "5.5", "ten", "0x3", "100"]) {
      expect(() => backgroundNice({ INTERNAL_BACKGROUND_NICE: value }), value).toThrow(/INTERNAL_BACKGROUND_NICE must be a whole number from 0 \(off\) to 19/);
    }
  });
});

// In a child process of its own, so that this test runner's threads keep their priority:
// a worker thread reports its kernel id, the main thread lowers every other thread, and
// each thread's nice value is read back from /proc.
const PROBE = `
import { readdirSync, readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { currentThreadId, lowerOtherThreads } from ${JSON.stringify(new URL("./thread-priority.mjs", import.meta.url).href)};
const niceOf = () => Object.fromEntries(readdirSync("/proc/self/task").map((tid) => {
  const stat = readFileSync("/proc/self/task/" + tid + "/stat", "utf8");
  return [tid, Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16])];
}));
const worker = new Worker("import { parentPort } from 'node:worker_threads'; import { currentThreadId } from " + ${JSON.stringify(JSON.stringify(new URL("./thread-priority.mjs", import.meta.url).href))} + "; parentPort.postMessage(currentThreadId()); setInterval(() => {}, 1000);", { eval: true });
const workerTid = await new Promise((resolve) => worker.once("message", resolve));
const before = niceOf();
const lowered = lowerOtherThreads({ keep: [workerTid], increment: 3 });
const after = niceOf();
lowerOtherThreads({ keep: [workerTid], increment: 40 });
const capped = niceOf();
console.log(JSON.stringify({ pid: process.pid, mainTid: currentThreadId(), workerTid, lowered, before, after, capped }));
process.exit(0);
`;

describe.skipIf(process.platform !== "linux")("lowerOtherThreads (Linux: nice is per thread)", () => {
  it("lowers every thread but the kept one, by the increment, up to 19", () => {
    const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", PROBE], { encoding: "utf8", timeout: 20_000 }));
    const workerTid = String(out.workerTid);
    expect(out.mainTid).toBe(out.pid); // the main thread's id is the process id
    expect(Object.keys(out.before)).toContain(workerTid);
    const others = Object.keys(out.after).filter((tid) => tid !== workerTid && tid in out.before);
    expect(others.length).toBeGreaterThanOrEqual(3); // the main thread and V8's and libuv's helpers
    // Threads already at 19 (a runner started at nice 19) have nowhere lower to go.
    expect(out.lowered).toBe(others.filter((tid) => out.before[tid] < 19).length);
    expect(out.after[workerTid]).toBe(out.before[workerTid]);
    for (const tid of others) expect(out.after[tid], `thread ${tid}`).toBe(Math.min(19, out.before[tid] + 3));
    expect(out.capped[workerTid]).toBe(out.before[workerTid]);
    for (const tid of others) expect(out.capped[tid], `thread ${tid}`).toBe(19);
  });
});
