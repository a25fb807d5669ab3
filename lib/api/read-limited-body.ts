/**
 * A request body as text, or null once it is over `maxBytes` (it stops reading there).
 * A declared Content-Length within the limit is trusted (Node's parser holds the body to
 * it), which keeps the common case to a single `text()`.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<string | null> {
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    const length = Number(declared);
    if (Number.isFinite(length) && length > maxBytes) return null;
    if (Number.isInteger(length) && length >= 0) {
      const text = await request.text();
      return Buffer.byteLength(text, "utf8") > maxBytes ? null : text;
    }
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
