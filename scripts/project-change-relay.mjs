// Key and policy changes made in the server thread (the dashboard, the REST API), relayed
// to the INTERNAL_PORT thread's key cache before that thread answers its next request.
// A revoked key must stop verifying the moment the revocation is answered, and a message
// event could run after requests already queued on the thread's sockets. So each change
// is posted, then a shared counter is raised; the receiving thread compares the counter
// on every request (one atomic read) and, when it moved, takes the waiting changes
// synchronously with receiveMessageOnPort. Database NOTIFY still reaches that thread's
// cache too, for changes made by other instances.
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";

/** The sending side, and `receiver`, the data to hand the other thread (in workerData, with its port in transferList). */
export function createProjectChangeRelay() {
  const { port1, port2 } = new MessageChannel();
  const sequence = new SharedArrayBuffer(4);
  const count = new Int32Array(sequence);
  return {
    receiver: { sequence, port: port2 },
    send(projectId) {
      port1.postMessage(projectId);
      Atomics.add(count, 0, 1);
    },
    close() {
      port1.close();
    },
  };
}

/** In the receiving thread: a function to call before each request, which applies every change sent so far. */
export function projectChangeReceiver({ sequence, port }, apply) {
  const count = new Int32Array(sequence);
  let seen = 0;
  return function applyProjectChanges() {
    const current = Atomics.load(count, 0);
    if (current === seen) return;
    seen = current;
    for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) apply(received.message);
  };
}
