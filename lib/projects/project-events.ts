// In-process signal that a project's keys or policy changed. The database
// triggers NOTIFY other instances; this tells the instance that made the
// change at once (and is the only signal on the embedded database).

type Listener = (projectId: string) => void;
const globalForEvents = globalThis as unknown as { signetProjectListeners?: Set<Listener> };

function listeners(): Set<Listener> {
  globalForEvents.signetProjectListeners ??= new Set();
  return globalForEvents.signetProjectListeners;
}

export function onProjectChanged(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

export function projectChanged(projectId: string): void {
  for (const listener of listeners()) listener(projectId);
}
