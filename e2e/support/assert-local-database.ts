// End-to-end tests create and drop databases: refuse anything that is not on this machine.
export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`E2E tests refuse to run against a non-local database (${host}). Unset TEST_DATABASE_URL/DATABASE_URL or point it at localhost.`);
  }
}
