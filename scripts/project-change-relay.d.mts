import type { MessagePort } from "node:worker_threads";

export interface ProjectChangeReceiverData {
  sequence: SharedArrayBuffer;
  port: MessagePort;
}

export function createProjectChangeRelay(): {
  receiver: ProjectChangeReceiverData;
  send(projectId: string): void;
  close(): void;
};

export function projectChangeReceiver(data: ProjectChangeReceiverData, apply: (projectId: string) => void): () => void;
