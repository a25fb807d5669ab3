import type { TestProject } from "vitest/node";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase | undefined;

export async function setup(project: TestProject) {
  database = await createTestDatabase("it");
  project.provide("databaseUrl", database.url);
  project.provide("databaseServerUrl", database.serverUrl ?? "");
}

export async function teardown() {
  await database?.drop();
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseServerUrl: string;
  }
}
