// README screenshots: SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts
// Seeds a realistic project (keys of each type, verifications through the verify API, and usage
// history the verify API cannot backdate) and writes PNGs to docs/screenshots/.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { SignJWT } from "jose";
import pg from "pg";
import { E2E_GATEWAY_KEY } from "./support/global-setup";
import { expect, signIn, test } from "./support/fixtures";

const OUT = path.join(process.cwd(), "docs/screenshots");
const HOUR = 3_600_000;
const EMAIL = "alex@acme.example";
const PASSWORD = "correct-horse-battery-staple";

test.skip(!process.env.SCREENSHOTS, "Writes the README screenshots; run with SCREENSHOTS=1.");

interface SeedKey {
  name: string;
  kind: "p256" | "rsa" | "ed25519" | "k256" | "p384";
  alg: string;
  /** Share of the project's traffic. */
  weight: number;
}

const KEYS: SeedKey[] = [
  { name: "checkout-service", kind: "p256", alg: "ES256", weight: 0.55 },
  { name: "billing-worker", kind: "rsa", alg: "PS256", weight: 0.25 },
  { name: "edge-proxy", kind: "ed25519", alg: "EdDSA", weight: 0.15 },
  { name: "wallet-signer", kind: "k256", alg: "ES256K", weight: 0.05 },
];

function keyPair(kind: SeedKey["kind"]) {
  switch (kind) {
    case "p256":
      return generateKeyPairSync("ec", { namedCurve: "P-256" });
    case "p384":
      return generateKeyPairSync("ec", { namedCurve: "P-384" });
    case "k256":
      return generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    case "rsa":
      return generateKeyPairSync("rsa", { modulusLength: 2048 });
    case "ed25519":
      return generateKeyPairSync("ed25519");
  }
}

const pem = (key: KeyObject) => key.export({ type: "spki", format: "pem" }).toString();

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

async function signToken(privateKey: KeyObject, kid: string, alg: string, lifetime = 60, ageSeconds = 0): Promise<string> {
  const iat = Math.floor(Date.now() / 1000) - ageSeconds;
  const claims = { sub: "svc-checkout", aud: "api.acme.example", iat, exp: iat + lifetime };
  if (alg === "ES256K") {
    // jose does not implement ES256K.
    const input = `${part({ alg, typ: "JWT", kid })}.${part(claims)}`;
    return `${input}.${sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
  }
  return new SignJWT(claims).setProtectedHeader({ alg, kid }).sign(privateKey);
}

async function verify(request: APIRequestContext, project: string, token?: string) {
  const res = await request.post("/api/internal/verify", { headers: { "x-gateway-key": E2E_GATEWAY_KEY }, data: { project, token } });
  expect(res.status()).toBe(200);
}

/** The e2e server's database: global setup can export it; else the local server's e2e database that holds this project. */
async function databaseHolding(projectId: string): Promise<string | null> {
  if (process.env.E2E_DATABASE_URL) return process.env.E2E_DATABASE_URL;
  const server = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const admin = new pg.Client({ connectionString: server });
  try {
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'signet_e2e_%'");
    for (const { datname } of rows) {
      const url = new URL(server);
      url.pathname = `/${datname}`;
      const client = new pg.Client({ connectionString: url.toString() });
      try {
        await client.connect();
        const found = await client.query('SELECT 1 FROM "Project" WHERE "id" = $1', [projectId]);
        if (found.rowCount) return url.toString();
      } catch {
        // another run's database, half made or gone
      } finally {
        await client.end().catch(() => {});
      }
    }
    return null;
  } catch {
    return null;
  } finally {
    await admin.end().catch(() => {});
  }
}

/** 30 days of hourly counters with a daily rhythm, for every key plus unattributed failures. */
async function writeHistory(databaseUrl: string, projectId: string, kids: { kid: string; weight: number }[]) {
  const rows: [string, string, Date, string, number][] = [];
  const currentHour = Math.floor(Date.now() / HOUR) * HOUR;
  let seed = 7;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 0.3 + 0.85;
  for (let h = 1; h <= 30 * 24; h++) {
    const at = currentHour - h * HOUR;
    const hourOfDay = new Date(at).getUTCHours();
    const daily = 0.55 + 0.45 * Math.sin(((hourOfDay - 8) / 24) * 2 * Math.PI);
    const growth = 1 - (h / (30 * 24)) * 0.35;
    const volume = 1400 * daily * growth * noise();
    for (const { kid, weight } of kids) {
      const valid = Math.round(volume * weight);
      rows.push([projectId, kid, new Date(at), "valid", valid]);
      rows.push([projectId, kid, new Date(at), "expired_token", Math.round(valid * 0.018 * noise())]);
      if (h % 7 === 0) rows.push([projectId, kid, new Date(at), "signature_invalid", Math.round(3 * noise())]);
    }
    rows.push([projectId, "", new Date(at), "missing_token", Math.round(volume * 0.012 * noise())]);
    if (h % 5 === 0) rows.push([projectId, "", new Date(at), "unknown_key", Math.round(6 * noise())]);
    if (h >= 50 && h <= 53) rows.push([projectId, kids[1]!.kid, new Date(at), "audience_mismatch", Math.round(40 * noise())]);
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "UsageCounter" ("projectId", "kid", "hour", "result", "count")
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::bigint[])
       ON CONFLICT ("projectId", "kid", "hour", "result") DO UPDATE SET "count" = EXCLUDED."count"`,
      [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), rows.map((r) => r[4])],
    );
  } finally {
    await client.end();
  }
}

async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(OUT, name), fullPage: options.fullPage ?? true, animations: "disabled" });
}

test("README screenshots", { tag: "@screenshots" }, async ({ page, browser }) => {
  test.setTimeout(180_000);
  mkdirSync(OUT, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 860 });

  const signup = await page.request.post("/api/v1/signup", { data: { email: EMAIL, password: PASSWORD, name: "Alex Rivera" } });
  expect([201, 409]).toContain(signup.status());
  await signIn(page, EMAIL, PASSWORD);
  const login = await page.request.post("/api/v1/login", { data: { email: EMAIL, password: PASSWORD } });
  const auth = { authorization: `Bearer ${(await login.json()).token}` };
  const post = async (url: string, data: unknown) => {
    const res = await page.request.post(url, { headers: auth, data });
    expect(res.status(), await res.text()).toBe(201);
    return res.json();
  };

  const projectId = (await post("/api/v1/projects", { name: "Payments API" })).id as string;
  await post("/api/v1/projects", { name: "Internal tools" });
  const keysUrl = `/api/v1/projects/${projectId}/keys`;
  const retired = keyPair("p384");
  const oldKid = (await post(keysUrl, { publicKey: pem(retired.publicKey), name: "old-laptop" })).kid as string;
  await page.request.delete(`${keysUrl}/${oldKid}`, { headers: auth, data: { reason: "Laptop replaced" } });
  const seeded: (SeedKey & { kid: string; privateKey: KeyObject })[] = [];
  for (const key of KEYS) {
    const pair = keyPair(key.kind);
    const narrowed = key.kind === "rsa" ? { algorithms: [key.alg] } : {};
    const kid = (await post(keysUrl, { publicKey: pem(pair.publicKey), name: key.name, ...narrowed })).kid as string;
    seeded.push({ ...key, kid, privateKey: pair.privateKey });
  }

  // Real verifications this hour: last-used times and the current bar.
  for (const key of seeded) {
    const token = await signToken(key.privateKey, key.kid, key.alg);
    for (let i = 0; i < Math.round(key.weight * 40); i++) await verify(page.request, projectId, token);
  }
  const [checkout] = seeded;
  const expired = await signToken(checkout!.privateKey, checkout!.kid, checkout!.alg, 60, 600);
  for (let i = 0; i < 3; i++) await verify(page.request, projectId, expired);
  const forged = await signToken(keyPair("p256").privateKey, checkout!.kid, "ES256");
  await verify(page.request, projectId, forged);
  await verify(page.request, projectId);

  const databaseUrl = await databaseHolding(projectId);
  if (databaseUrl) await writeHistory(databaseUrl, projectId, seeded.map(({ kid, weight }) => ({ kid, weight })));
  else console.warn("screenshots: no database found for usage history; the usage chart shows this hour only");
  await expect
    .poll(async () => (await (await page.request.get(`/api/v1/projects/${projectId}/usage`, { headers: auth })).json()).buckets.at(-1).total, {
      timeout: 15_000,
    })
    .toBeGreaterThanOrEqual(45);

  await page.goto(`/projects/${projectId}`);
  await expect(page.getByTestId("key-row")).toHaveCount(KEYS.length);
  await shoot(page, "keys.png");

  await page.goto(`/projects/${projectId}/usage`);
  await expect(page.getByTestId("usage-chart").locator(".recharts-bar-rectangle path").first()).toBeVisible();
  await shoot(page, "usage.png");

  await page.goto(`/projects/${projectId}/debugger`);
  await page.getByTestId("debug-token-input").fill(await signToken(checkout!.privateKey, checkout!.kid, checkout!.alg, 300));
  await page.getByTestId("debug-submit").click();
  await expect(page.getByTestId("debug-verdict")).toBeVisible();
  await shoot(page, "debugger.png");

  await page.goto(`/projects/${projectId}/snippets`);
  await expect(page.getByTestId("facts-kid")).toBeVisible();
  await shoot(page, "snippets.png", { fullPage: false });

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    storageState: await page.context().storageState(),
  });
  const phonePage = await phone.newPage();
  await phonePage.goto(`/projects/${projectId}`);
  await expect(phonePage.getByTestId("key-row").first()).toBeVisible();
  await shoot(phonePage, "keys-phone.png", { fullPage: false });
  await phone.close();
});
