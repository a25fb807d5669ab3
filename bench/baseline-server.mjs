// The Node ceiling: a minimal node:http server taking the same POST body as Signet's
// /api/internal/verify ({project, token}), checking the same X-Gateway-Key header, and
// verifying the token with jose's jwtVerify against in-memory keys (importSPKI of the
// same public keys). No framework, no database, no usage counting.
//
//   node bench/baseline-server.mjs --port 4100 --project <id> --gateway-key <secret> \
//        --es256 /path/es256.pub.pem --rs256 /path/rs256.pub.pem
//
// GET /healthz answers {"status":"ok"}; it prints "listening on <port>" once ready.
import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";
import { importSPKI, jwtVerify } from "jose";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: "4100" },
    host: { type: "string", default: "127.0.0.1" },
    project: { type: "string" },
    "gateway-key": { type: "string", default: process.env.BASELINE_GATEWAY_KEY ?? "" },
    es256: { type: "string" },
    rs256: { type: "string" },
  },
});

const keys = {};
if (args.es256) keys.ES256 = await importSPKI(readFileSync(args.es256, "utf8"), "ES256");
if (args.rs256) keys.RS256 = await importSPKI(readFileSync(args.rs256, "utf8"), "RS256");
const algorithms = Object.keys(keys);
const sha256 = (text) => createHash("sha256").update(text).digest();
const gatewayDigest = sha256(args["gateway-key"]);

const JSON_HEADERS = { "Content-Type": "application/json", "Cache-Control": "no-store" };
const send = (res, status, body) => {
  res.writeHead(status, JSON_HEADERS);
  res.end(body);
};
const failure = (projectId, reason) =>
  JSON.stringify({ valid: false, enforced: true, projectId, error: { code: -32013, reason, message: reason } });

async function verifyBody(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return [400, '{"error":{"code":"bad_request","message":"The request body is not valid JSON."}}'];
  }
  if (typeof body?.project !== "string") return [400, '{"error":{"code":"bad_request","message":"project is required"}}'];
  if (args.project && body.project !== args.project) return [200, failure(body.project, "unknown_project")];
  if (typeof body.token !== "string" || body.token === "") return [200, failure(body.project, "missing_token")];
  try {
    const { payload, protectedHeader } = await jwtVerify(body.token, (header) => keys[header.alg], { algorithms });
    return [
      200,
      JSON.stringify({ valid: true, enforced: true, projectId: body.project, kid: protectedHeader.kid, alg: protectedHeader.alg, claims: payload }),
    ];
  } catch {
    return [200, failure(body.project, "signature_invalid")];
  }
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/healthz") return send(res, 200, '{"status":"ok"}');
  const presented = req.headers["x-gateway-key"];
  if (typeof presented !== "string" || !timingSafeEqual(sha256(presented), gatewayDigest)) {
    req.resume();
    return send(res, 401, '{"error":{"code":"gateway_unauthorized","message":"bad gateway key"}}');
  }
  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size <= 65_536) chunks.push(chunk);
  });
  req.on("end", () => {
    if (size > 65_536) return send(res, 413, '{"error":{"code":"bad_request","message":"too large"}}');
    verifyBody(Buffer.concat(chunks).toString("utf8")).then(
      ([status, body]) => send(res, status, body),
      () => send(res, 500, '{"error":{"code":"internal_error","message":"unexpected"}}'),
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(args.port), args.host, () => console.log(`listening on ${server.address().port}`));
const stop = () => server.close(() => process.exit(0)).closeAllConnections();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
