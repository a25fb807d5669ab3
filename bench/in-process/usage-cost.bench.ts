import { randomUUID } from "node:crypto";
import { bench, describe } from "vitest";
import { generateKeyPair, handToken, snapshotOf, toVerificationKey } from "@/lib/verify/test-fixtures";
import { recordVerification, VALID_RESULT } from "@/lib/verify/usage-recorder";
import { verifyToken } from "@/lib/verify/verify-token";

// What counting one verification costs next to verifying a distinct ES256 token, in one
// process, without HTTP. Counting is synchronous on the request thread, so its share of
// the verification core bounds its share of a request's cost from above: a request over
// HTTP costs several times the core. (Fresh server instances differ by up to ±8 % among
// themselves, so an A/B over HTTP cannot resolve a cost this small.) The usage flusher
// runs as in production: every 2 s against DATABASE_URL (the bench's database); the
// project does not exist there, so its rows are filtered out by the flush's join.
const projectId = randomUUID();
const kid = randomUUID();
const pair = generateKeyPair("p256");
const snapshot = snapshotOf([toVerificationKey(kid, pair.publicKey)], {}, projectId);
const nowSeconds = Math.floor(Date.now() / 1000);
const tokens = Array.from({ length: 4_000 }, (_, i) =>
  handToken("ES256", pair.privateKey, { alg: "ES256", kid }, { sub: `user-${i}`, jti: randomUUID(), iat: nowSeconds, exp: nowSeconds + 3_600 }),
);
let next = 0;
/** Per benchmark (npm run bench sets it; --quick: 300). */
const time = Number(process.env.BENCH_IN_PROCESS_MS ?? 3_000);

describe("usage recording, in process", () => {
  bench(
    "verify a distinct ES256 token (the verification core)",
    () => {
      const verdict = verifyToken(projectId, snapshot, { token: tokens[next++ % tokens.length] }, nowSeconds);
      if (!verdict.valid) throw new Error(`the bench token did not verify: ${JSON.stringify(verdict)}`);
    },
    { time },
  );
  bench(
    "count one verification (recordVerification)",
    () => {
      recordVerification(projectId, kid, VALID_RESULT, Date.now());
    },
    { time },
  );
});
