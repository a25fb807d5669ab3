import type { Server } from "node:http";

export function drainHttpServer(server: Server, graceMs: number): Promise<void>;
