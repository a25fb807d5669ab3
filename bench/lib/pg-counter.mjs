// A TCP proxy in front of PostgreSQL that counts round trips per statement, for
// "how many database round trips does a cold project cost" without pg_stat_statements.
// It reads the frontend protocol only: each Sync ('S') ends an extended-protocol round
// trip (labelled by the statement of the last Parse/Bind), each Query ('Q') is one.
import net from "node:net";

const SPECIAL_STARTUP_CODES = new Set([80877103, 80877104, 80877102]); // SSL, GSSENC, cancel

const label = (text) => text.replace(/\s+/g, " ").trim().slice(0, 70);

function cstring(buffer, offset) {
  const end = buffer.indexOf(0, offset);
  return [buffer.toString("utf8", offset, end), end + 1];
}

class FrontendParser {
  constructor(count) {
    this.count = count;
    this.pending = Buffer.alloc(0);
    this.startup = true;
    this.statements = new Map();
    this.current = "(unknown)";
  }
  feed(chunk) {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    for (;;) {
      const buf = this.pending;
      if (this.startup) {
        if (buf.length - offset < 8) break;
        const length = buf.readInt32BE(offset);
        if (buf.length - offset < length) break;
        if (!SPECIAL_STARTUP_CODES.has(buf.readInt32BE(offset + 4))) this.startup = false;
        offset += length;
        continue;
      }
      if (buf.length - offset < 5) break;
      const type = String.fromCharCode(buf[offset]);
      const length = buf.readInt32BE(offset + 1);
      if (buf.length - offset < 1 + length) break;
      this.message(type, buf.subarray(offset + 5, offset + 1 + length));
      offset += 1 + length;
    }
    this.pending = this.pending.subarray(offset);
  }
  message(type, body) {
    if (type === "P") {
      const [name, next] = cstring(body, 0);
      const [query] = cstring(body, next);
      if (name) this.statements.set(name, query);
      this.current = query;
    } else if (type === "B") {
      const [, next] = cstring(body, 0);
      const [name] = cstring(body, next);
      if (name) this.current = this.statements.get(name) ?? name;
    } else if (type === "S") {
      this.count(label(this.current));
    } else if (type === "Q") {
      this.count(label(cstring(body, 0)[0]));
    }
  }
}

/** Starts the proxy for `databaseUrl`; returns {url (through the proxy), snapshot(), stop()}. */
export async function startPgCounter(databaseUrl) {
  const target = new URL(databaseUrl);
  const counts = new Map();
  const count = (key) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    // No Nagle: a held-back second segment would wait for a delayed ACK (~40 ms) and
    // show up as database latency that is really the proxy's.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client).add(upstream);
    const parser = new FrontendParser(count);
    client.on("data", (chunk) => {
      parser.feed(chunk);
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on("drain", () => client.resume());
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on("error", close);
      socket.on("close", close);
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(server.address().port);
  return {
    url: url.toString(),
    snapshot: () => new Map(counts),
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Round trips between two snapshots, per statement label, largest first. */
export function diffCounts(before, after) {
  const diff = [];
  for (const [key, value] of after) {
    const delta = value - (before.get(key) ?? 0);
    if (delta > 0) diff.push([key, delta]);
  }
  return diff.sort((a, b) => b[1] - a[1]);
}
