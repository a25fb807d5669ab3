// Recognise PostgreSQL errors through Prisma's driver adapter without relying
// on one error class: the adapter wraps the pg error and keeps its SQLSTATE.

function collectCodes(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== "object" || depth > 4) return [];
  const e = error as Record<string, unknown>;
  const codes: string[] = [];
  for (const field of ["code", "originalCode"]) if (typeof e[field] === "string") codes.push(e[field] as string);
  const meta = e.meta as Record<string, unknown> | undefined;
  if (meta && typeof meta === "object") {
    if (typeof meta.code === "string") codes.push(meta.code);
    const driver = meta.driverAdapterError as Record<string, unknown> | undefined;
    if (driver) codes.push(...collectCodes(driver, depth + 1), ...collectCodes(driver.cause, depth + 1));
  }
  codes.push(...collectCodes(e.cause, depth + 1));
  return codes;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.message} ${messageOf((error as { cause?: unknown }).cause)}` : "";
}

export function isUniqueViolation(error: unknown): boolean {
  const codes = collectCodes(error);
  return codes.includes("P2002") || codes.includes("23505") || /UniqueConstraintViolation/.test(messageOf(error));
}

/** The 25-active-key trigger of the init migration raises this message. */
export function isKeyLimitViolation(error: unknown): boolean {
  return /signet_key_limit_reached/.test(messageOf(error)) || /signet_key_limit_reached/.test(JSON.stringify(error ?? null));
}
