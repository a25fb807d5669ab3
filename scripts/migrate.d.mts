import type { ClientBase } from "pg";
export function listMigrations(dir?: string): { name: string; sql: string; checksum: string }[];
export function applyMigrations(databaseUrl: string, options?: { log?: (message: string) => void }): Promise<string[]>;
export function pendingMigrations(client: ClientBase, dir?: string): Promise<string[]>;
