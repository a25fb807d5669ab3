export function leanResponseHeaders(
  response: { headers: Readonly<Record<string, string>>; body: string },
  options?: { closing?: boolean },
): (string | number)[];
