// Bench keys and tokens: an ES256 (P-256) and an RS256 (RSA 2048) key pair made with
// node:crypto, pools of distinct pre-signed JWTs (signed in worker threads), and the
// raw node:crypto verify rate for context. Tokens and keys are never logged.
import { availableParallelism } from "node:os";
import { generateKeyPairSync, sign, verify } from "node:crypto";
import { Worker } from "node:worker_threads";
import { encodeSegment } from "./tokens-format.mjs";

const TOKEN_LIFETIME_S = 6 * 3600;

function keyPair(alg) {
  const pair =
    alg === "ES256"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    alg,
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
    publicPem: pair.publicKey.export({ type: "spki", format: "pem" }),
    privatePem: pair.privateKey.export({ type: "pkcs8", format: "pem" }),
  };
}

export const generateKeyPair = keyPair;

export function generateBenchKeys() {
  return { es: keyPair("ES256"), rs: keyPair("RS256") };
}

function signOptions(key) {
  return key.alg === "ES256" ? { key: key.privateKey, dsaEncoding: "ieee-p1363" } : { key: key.privateKey };
}

/** One token (the repeated-token scenarios and the scale warm-up). */
export function signToken(key, kid, claims = {}) {
  const iat = Math.floor(Date.now() / 1000);
  const input = `${encodeSegment({ alg: key.alg, typ: "JWT", kid })}.${encodeSegment({ sub: "bench", iat, exp: iat + TOKEN_LIFETIME_S, ...claims })}`;
  return `${input}.${sign("sha256", Buffer.from(input), signOptions(key)).toString("base64url")}`;
}

/**
 * Distinct tokens. Each server reads the pool through its own stream, which carries on
 * across that server's scenarios (a server never sees a token twice unless the stream
 * wraps around, which it counts).
 *
 * The tokens (ASCII: base64url and dots) are kept as bytes in one Buffer, outside V8's
 * heap: as ~850,000 strings they made each of the bench process's full collections mark
 * hundreds of MiB, and that collector, with its helper threads, stalled the server's CPU
 * for up to 16 ms in the paced rounds (docs/performance.md, finding 14).
 */
export class TokenPool {
  constructor(alg, tokens) {
    if (tokens.length === 0) throw new Error("a token pool needs at least one token");
    this.alg = alg;
    const offsets = new Float64Array(tokens.length + 1);
    let total = 0;
    let longest = 0;
    for (let i = 0; i < tokens.length; i++) {
      if (!/^[\x21-\x7e]*$/.test(tokens[i])) throw new Error(`token ${i} is not printable ASCII`);
      offsets[i] = total;
      total += tokens[i].length;
      longest = Math.max(longest, tokens[i].length);
    }
    offsets[tokens.length] = total;
    const bytes = Buffer.allocUnsafeSlow(total);
    for (let i = 0; i < tokens.length; i++) bytes.write(tokens[i], offsets[i], "latin1");
    this.bytes = bytes;
    this.offsets = offsets;
    /** The longest token's length. */
    this.longest = longest;
    this.streams = new Map();
  }
  get size() {
    return this.offsets.length - 1;
  }
  /** Token `index` (0 ≤ index < size), as a new string. */
  token(index) {
    return this.bytes.toString("latin1", this.offsets[index], this.offsets[index + 1]);
  }
  stream(name) {
    let stream = this.streams.get(name);
    if (!stream) {
      const count = this.size;
      const token = (index) => this.token(index);
      stream = {
        pool: this,
        cursor: 0,
        wrapped: 0,
        used: 0,
        next() {
          if (this.cursor === count) {
            this.cursor = 0;
            this.wrapped += 1;
          }
          this.used += 1;
          return token(this.cursor++);
        },
        /** Moves on by `count` tokens that another process (wrk) read from its own copy. */
        advance(read) {
          this.used += read;
          this.cursor += read;
          while (this.cursor > count) {
            this.cursor -= count;
            this.wrapped += 1;
          }
        },
      };
      this.streams.set(name, stream);
    }
    return stream;
  }
}

/** `count` distinct tokens signed with `key` for `kid`, in parallel worker threads. */
export async function generatePool(key, kid, count, subject = "bench") {
  const iat = Math.floor(Date.now() / 1000);
  const workers = Math.max(1, Math.min(availableParallelism(), 4));
  const per = Math.ceil(count / workers);
  const slices = [];
  for (let start = 0; start < count; start += per) {
    const sliceCount = Math.min(per, count - start);
    slices.push(
      new Promise((resolve, reject) => {
        const worker = new Worker(new URL("./token-worker.mjs", import.meta.url), {
          workerData: { privatePem: key.privatePem, alg: key.alg, kid, start, count: sliceCount, iat, exp: iat + TOKEN_LIFETIME_S, subject },
        });
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", (code) => code !== 0 && reject(new Error(`token worker exited with ${code}`)));
      }),
    );
  }
  const parts = await Promise.all(slices);
  return new TokenPool(key.alg, parts.flat());
}

/**
 * node:crypto verifications per second on this thread: the best of five slices of a tight
 * loop lasting ~`ms` in all (on a shared machine, the best slice is the least disturbed).
 */
export function rawVerifyRate(key, ms = 1_000) {
  const input = Buffer.from(`${encodeSegment({ alg: key.alg, kid: "x" })}.${encodeSegment({ sub: "raw" })}`);
  const options = key.alg === "ES256" ? { key: key.publicKey, dsaEncoding: "ieee-p1363" } : { key: key.publicKey };
  const signature = sign("sha256", input, signOptions(key));
  for (let i = 0; i < 200; i++) verify("sha256", input, options, signature); // warm up
  let best = 0;
  for (let slice = 0; slice < 5; slice++) {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms / 5) {
      for (let i = 0; i < 50; i++) {
        if (!verify("sha256", input, options, signature)) throw new Error(`raw ${key.alg} verify failed`);
      }
      count += 50;
      elapsed = performance.now() - start;
    }
    best = Math.max(best, (count * 1000) / elapsed);
  }
  return best;
}
