import { MessageChannel, Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { createProjectChangeRelay, projectChangeReceiver } from "./project-change-relay.mjs";

const RELAY_URL = new URL("./project-change-relay.mjs", import.meta.url).href;

// The receiving side in a real second thread: on each "request" (a message on another
// port, sent after some changes) it applies what the relay holds and answers with every
// change applied so far, in order.
const RECEIVING_THREAD = `
  const { workerData } = require("node:worker_threads");
  import(workerData.relayUrl).then(({ projectChangeReceiver }) => {
    const applied = [];
    const applyChanges = projectChangeReceiver(workerData.receiver, (id) => applied.push(id));
    workerData.requests.on("message", () => {
      applyChanges();
      workerData.requests.postMessage(applied.slice());
    });
    workerData.requests.postMessage("ready");
  });
`;

describe("project change relay", () => {
  let worker: Worker | null = null;
  afterEach(async () => {
    await worker?.terminate();
    worker = null;
  });

  it("applies every change sent before a request in another thread, in order, before that request", async () => {
    const relay = createProjectChangeRelay();
    const { port1: requests, port2: requestsForWorker } = new MessageChannel();
    worker = new Worker(RECEIVING_THREAD, {
      eval: true,
      workerData: { relayUrl: RELAY_URL, receiver: relay.receiver, requests: requestsForWorker },
      transferList: [relay.receiver.port, requestsForWorker],
    });
    const replies: unknown[] = [];
    const reply = () =>
      new Promise<unknown>((resolve) => {
        if (replies.length) resolve(replies.shift());
        else requests.once("message", resolve);
      });
    expect(await reply()).toBe("ready");

    const sent: string[] = [];
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < round % 4; i++) {
        const id = `project-${round}-${i}`;
        relay.send(id);
        sent.push(id);
      }
      requests.postMessage("request");
      expect(await reply()).toEqual(sent);
    }
    expect(sent.length).toBeGreaterThan(250);
    relay.close();
    requests.close();
  });

  it("applies nothing before a change is sent, then each change once", () => {
    const relay = createProjectChangeRelay();
    const applied: string[] = [];
    const applyChanges = projectChangeReceiver(relay.receiver, (id) => applied.push(id));
    applyChanges();
    expect(applied).toEqual([]);
    relay.send("p1");
    relay.send("p2");
    applyChanges();
    applyChanges();
    expect(applied).toEqual(["p1", "p2"]);
    relay.close();
    relay.receiver.port.close();
  });
});
