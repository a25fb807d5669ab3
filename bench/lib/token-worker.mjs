// Worker thread: signs a slice of distinct JWTs (see tokens.mjs). Keys arrive in memory
// over the worker channel; nothing here is logged.
import { createPrivateKey, sign } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import { encodeSegment } from "./tokens-format.mjs";

const { privatePem, alg, kid, start, count, iat, exp, subject } = workerData;
const key = createPrivateKey(privatePem);
const options = alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : { key };
const header = encodeSegment({ alg, typ: "JWT", kid });
const tokens = new Array(count);
for (let i = 0; i < count; i++) {
  const n = start + i;
  const input = `${header}.${encodeSegment({ sub: `${subject}-${n}`, jti: String(n), iat, exp })}`;
  tokens[i] = `${input}.${sign("sha256", Buffer.from(input), options).toString("base64url")}`;
}
parentPort.postMessage(tokens);
