// --scale: 10,000 projects × 25 keys. 25 real key pairs (20 P-256, 5 RSA 2048) are added
// once through the API to a template project, so the app's own parser writes their rows;
// SQL then copies those rows into every seeded project (new kid per row, same columns).
// Then: Signet's RSS before/after warming every project (one key of each in use), then
// with every key of every project in use, and a cold project's first verify vs a cached
// one, with the database round trips a cold project costs.
import { randomUUID } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { diffCounts } from "./pg-counter.mjs";
import { processCpuMs, rssMiB, sleep } from "./proc.mjs";
import { generateKeyPair, signToken } from "./tokens.mjs";

const EC_KEYS = 20;
const RSA_KEYS = 5;
const BATCH = 400;

/** Makes the 25 template keys and adds them through the management API. */
export async function prepareScaleTemplate(user) {
  const keys = [...Array.from({ length: EC_KEYS }, () => generateKeyPair("ES256")), ...Array.from({ length: RSA_KEYS }, () => generateKeyPair("RS256"))];
  const projectId = await user.createProject("bench scale template");
  const kids = [];
  for (const [i, key] of keys.entries()) kids.push(await user.addKey(projectId, key.publicPem, `scale key ${i + 1}`));
  return { projectId, keys, kids };
}

/** Inserts `count` projects (owned by `userId`), each with a copy of the 25 template keys. */
async function seedProjects(client, { count, userId, template }) {
  const projects = [];
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    const ids = Array.from({ length: size }, () => randomUUID());
    const names = ids.map((_, i) => `bench scale ${start + i + 1}`);
    const keyKids = [];
    const keyProjects = [];
    const keyTemplates = [];
    for (const [i, id] of ids.entries()) {
      const project = { id, signWith: (start + i) % EC_KEYS, kid: null, kids: [] };
      for (const [t, templateKid] of template.kids.entries()) {
        const kid = randomUUID();
        if (t === project.signWith) project.kid = kid;
        project.kids.push(kid);
        keyKids.push(kid);
        keyProjects.push(id);
        keyTemplates.push(templateKid);
      }
      projects.push(project);
    }
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Project" ("id", "name", "createdById", "updatedAt")
       SELECT u.id, u.name, $3::uuid, now() FROM unnest($1::uuid[], $2::text[]) AS u(id, name)`,
      [ids, names, userId],
    );
    await client.query(
      `INSERT INTO "Membership" ("projectId", "userId", "role") SELECT u.id, $2::uuid, 'owner' FROM unnest($1::uuid[]) AS u(id)`,
      [ids, userId],
    );
    await client.query(
      `INSERT INTO "PublicKey" ("kid", "projectId", "name", "keyType", "curve", "bits", "algorithms", "fingerprint", "spkiPem", "jwk", "createdById")
       SELECT u.kid, u.project_id, t."name", t."keyType", t."curve", t."bits", t."algorithms", t."fingerprint", t."spkiPem", t."jwk", $4::uuid
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS u(kid, project_id, template_kid)
         JOIN "PublicKey" t ON t."kid" = u.template_kid`,
      [keyKids, keyProjects, keyTemplates, userId],
    );
    await client.query("COMMIT");
  }
  return projects;
}

/**
 * A token naming `kid` whose signature has the right length and does not verify: Signet
 * makes the key's KeyObject all the same and answers signature_invalid. No signing needed,
 * so every one of 250,000 keys can be put to use in seconds.
 */
function unsignedToken(alg, kid) {
  const segment = (object) => Buffer.from(JSON.stringify(object)).toString("base64url");
  return `${segment({ alg, typ: "JWT", kid })}.${segment({ sub: "scale-every-key" })}.${Buffer.alloc(alg === "ES256" ? 64 : 256, 7).toString("base64url")}`;
}

/** Sends calls with `concurrency` in flight; `make(i)` gives [projectId, token] for call i. */
async function inParallel(verify, count, concurrency, make, check) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const [project, token] = make(next++);
        check(await verify.call(project, token));
      }
    }),
  );
}

function verifier(signetUrl, gatewayKey, maxSockets) {
  const target = new URL(signetUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets, scheduling: "fifo", timeout: 4_000 });
  const call = (project, token) =>
    new Promise((resolve) => {
      const body = JSON.stringify({ project, token });
      const started = performance.now();
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: "POST",
          path: "/api/internal/verify",
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-gateway-key": gatewayKey },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () =>
            resolve({
              ms: performance.now() - started,
              ok: res.statusCode === 200 && text.includes('"valid":true'),
              signatureInvalid: res.statusCode === 200 && text.includes('"reason":"signature_invalid"'),
              answer: `${res.statusCode} ${text.slice(0, 200)}`,
            }),
          );
        },
      );
      req.on("error", (error) => resolve({ ms: performance.now() - started, ok: false, answer: `socket error ${error.code ?? error.message}` }));
      req.end(body);
    });
  return { call, close: () => agent.destroy() };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

/** Runs the scale measurements; returns {lines (markdown), bad (wrong answers), rssAfter}. */
export async function runScale({ signet, directDbUrl, counter, userId, template, projectCount, coldSamples, gatewayKey, log }) {
  const client = new pg.Client({ connectionString: directDbUrl });
  await client.connect();
  let projects;
  const seedStart = performance.now();
  try {
    projects = await seedProjects(client, { count: projectCount, userId, template });
  } finally {
    await client.end();
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;
  log(`scale: seeded ${projectCount} projects × ${template.kids.length} keys in ${seedSeconds.toFixed(1)} s`);
  // Let Signet drain the NOTIFYs of the inserts (they invalidate nothing yet) before measuring.
  await sleep(2_000);
  const tokens = projects.map((p) => signToken(template.keys[p.signWith], p.kid, { sub: `scale-${p.id}` }));
  const rssBefore = rssMiB(signet.pid);

  let bad = 0;
  let firstBad = null;
  const check = (answer) => {
    if (answer.ok) return;
    bad += 1;
    firstBad ??= answer.answer;
  };
  const sequential = verifier(signet.verifyUrl, gatewayKey, 1);
  const cold = [];
  const cached = [];
  const samples = Math.min(coldSamples, projects.length);
  // Cold: the first verify of each sample project, one at a time (with the database round
  // trips it takes); then the same projects again, now cached. Server CPU for each pass.
  const before = counter?.snapshot();
  const coldCpu0 = processCpuMs(signet.pid);
  for (let i = 0; i < samples; i++) {
    const answer = await sequential.call(projects[i].id, tokens[i]);
    cold.push(answer.ms);
    check(answer);
  }
  const coldCpu1 = processCpuMs(signet.pid);
  const trips = counter ? diffCounts(before, counter.snapshot()) : null;
  for (let i = 0; i < samples; i++) {
    const answer = await sequential.call(projects[i].id, tokens[i]);
    cached.push(answer.ms);
    check(answer);
  }
  const cachedCpu = processCpuMs(signet.pid) - coldCpu1;
  const coldCpu = coldCpu1 - coldCpu0;
  sequential.close();

  const parallel = verifier(signet.verifyUrl, gatewayKey, 16);
  const warmStart = performance.now();
  await inParallel(parallel, projects.length - samples, 16, (i) => [projects[samples + i].id, tokens[samples + i]], check);
  const warmSeconds = (performance.now() - warmStart) / 1000;
  await sleep(3_000);
  const rssAfter = rssMiB(signet.pid);

  // The worst case for memory: every key of every project in use once.
  const keysPerProject = template.kids.length;
  const everyKeyStart = performance.now();
  let notSignatureInvalid = 0;
  let firstOther = null;
  await inParallel(
    parallel,
    projects.length * keysPerProject,
    16,
    (i) => {
      const project = projects[Math.floor(i / keysPerProject)];
      const t = i % keysPerProject;
      return [project.id, unsignedToken(template.keys[t].alg, project.kids[t])];
    },
    (answer) => {
      if (answer.signatureInvalid) return;
      notSignatureInvalid += 1;
      firstOther ??= answer.answer;
    },
  );
  const everyKeySeconds = (performance.now() - everyKeyStart) / 1000;
  parallel.close();
  await sleep(3_000);
  const rssEveryKey = rssMiB(signet.pid);
  if (notSignatureInvalid) {
    bad += notSignatureInvalid;
    firstBad ??= firstOther;
  }

  const lines = ["## Scale (--scale)", ""];
  lines.push(`- seeded ${projectCount.toLocaleString("en-US")} projects × ${template.kids.length} keys (${EC_KEYS} P-256 + ${RSA_KEYS} RSA 2048 key pairs, copied per project) with SQL in ${seedSeconds.toFixed(1)} s`);
  lines.push(`- warmed every project (one verify each, 16 at a time) in ${warmSeconds.toFixed(1)} s (${Math.round((projects.length - samples) / warmSeconds)} cold projects/s)`);
  const mem = (v) => (v === null ? "n/a" : `${v.toFixed(0)} MiB`);
  lines.push(
    `- server RSS (VmRSS of pid ${signet.pid}): before warming ${mem(rssBefore)}, after (every project cached, one key of each in use) ${mem(rssAfter)} — target < 512 MiB: ${rssAfter === null ? "n/a" : rssAfter < 512 ? "PASS" : "FAIL"}`,
  );
  lines.push(
    `- then every key of every project in use once (${(projects.length * keysPerProject).toLocaleString("en-US")} requests naming each kid, signatures that do not verify: answer signature_invalid, in ${everyKeySeconds.toFixed(1)} s): RSS ${mem(rssEveryKey)} — live KeyObjects are bounded by SIGNET_KEY_MATERIAL_CACHE_SIZE (default 20,000) — ${rssEveryKey === null ? "n/a" : rssEveryKey < 512 ? "PASS" : "FAIL"}`,
  );
  lines.push(
    `- first verify of an uncached project: median ${median(cold).toFixed(2)} ms (p90 ${quantile(cold, 0.9).toFixed(2)}); the same project cached: median ${median(cached).toFixed(2)} ms (p90 ${quantile(cached, 0.9).toFixed(2)}) — over ${samples} projects, one request at a time, client-side times`,
  );
  if (coldCpu0 !== null) {
    lines.push(
      `- server CPU per request: cold ${(coldCpu / samples).toFixed(2)} ms, cached ${(cachedCpu / samples).toFixed(2)} ms — loading one project of ${template.kids.length} keys costs ≈ ${((coldCpu - cachedCpu) / samples).toFixed(2)} ms of CPU`,
    );
  }
  if (trips) {
    const usage = trips.filter(([text]) => /UsageCounter/.test(text)).reduce((sum, [, n]) => sum + n, 0);
    const other = trips.filter(([text]) => !/UsageCounter/.test(text));
    const total = other.reduce((sum, [, n]) => sum + n, 0);
    lines.push(
      `- database round trips per cold project: ${(total / samples).toFixed(2)} (counted by a protocol-level proxy between Signet and PostgreSQL during the ${samples} cold verifies; the usage flusher's ${usage} batched write(s) in that window left out)`,
    );
    for (const [text, n] of other.slice(0, 5)) lines.push(`  - ${n} × \`${text}…\``);
  } else {
    lines.push("- database round trips per cold project: not measured (embedded database: the counting proxy needs a PostgreSQL URL)");
  }
  if (bad) lines.push(`- ⚠ ${bad} scale verifications did not answer 200 valid:true (first: ${firstBad})`);
  return { lines, bad, firstBad, rssAfter, rssEveryKey };
}
