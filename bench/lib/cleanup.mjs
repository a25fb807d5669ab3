// Everything the bench starts registers how to undo it here; cleanupAll() runs the
// tasks newest first, once, on success, on failure and on Ctrl-C / SIGTERM.

const tasks = [];
let running = null;

/** Registers an async undo step; returns a function that runs it early (and forgets it). */
export function onCleanup(name, fn) {
  const task = { name, fn };
  tasks.push(task);
  return async () => {
    const index = tasks.indexOf(task);
    if (index === -1) return;
    tasks.splice(index, 1);
    await runTask(task);
  };
}

async function runTask(task) {
  let timer;
  try {
    await Promise.race([
      Promise.resolve().then(task.fn),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timed out after 20 s")), 20_000);
      }),
    ]);
  } catch (error) {
    console.error(`cleanup (${task.name}) failed: ${error.message}`);
  } finally {
    clearTimeout(timer);
  }
}

export function cleanupAll() {
  running ??= (async () => {
    while (tasks.length) await runTask(tasks.pop());
  })();
  return running;
}

/** Ctrl-C, SIGTERM and crashes stop everything the bench started before exiting. */
export function installExitHandlers() {
  const stopOn = (signal, code) => {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping everything the bench started...`);
      void cleanupAll().finally(() => process.exit(code));
    });
  };
  stopOn("SIGINT", 130);
  stopOn("SIGTERM", 143);
  stopOn("SIGHUP", 129);
  process.on("uncaughtException", (error) => {
    console.error(`bench crashed: ${error.stack ?? error.message}`);
    void cleanupAll().finally(() => process.exit(1));
  });
}
