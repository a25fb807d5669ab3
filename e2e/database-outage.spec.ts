import { generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";
import { startBuiltServer, type BuiltServer } from "../tests/integration/ops/built-server";
import { TcpProxy } from "../tests/integration/verify/tcp-proxy";
import { expect, newCredentials, test } from "./support/fixtures";

// A second instance of the built server whose database connection runs through a proxy
// the test can cut: the database "goes away" for that instance only.
const GATEWAY_KEY = "outage-gateway-key";
let proxy: TcpProxy;
let server: BuiltServer;
let origin: string;

test.beforeAll(async () => {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error("E2E_DATABASE_URL is set by e2e/support/global-setup.ts");
  const target = new URL(databaseUrl);
  proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  await proxy.start();
  server = await startBuiltServer({
    DATABASE_URL: proxy.urlFor(databaseUrl),
    AUTH_SECRET: "outage-auth-secret-outage-auth-secret-outage",
    GATEWAY_KEYS: GATEWAY_KEY,
    SIGNUP_RATE_LIMIT: "1000",
    LOG_LEVEL: "fatal",
  });
  origin = `http://127.0.0.1:${server.port}`;
});

test.afterAll(async () => {
  server?.kill();
  await proxy?.stop();
});

test("while the database is away: cached projects keep verifying, the dashboard says so, and both recover by themselves", async ({ page }) => {
  test.setTimeout(120_000);
  const { email, password } = newCredentials("outage");
  expect((await page.request.post(`${origin}/api/v1/signup`, { data: { email, password } })).status()).toBe(201);
  const token = (await (await page.request.post(`${origin}/api/v1/login`, { data: { email, password } })).json()).token;
  const auth = { authorization: `Bearer ${token}` };
  const project = await (await page.request.post(`${origin}/api/v1/projects`, { data: { name: "Outage" }, headers: auth })).json();
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const key = await (await page.request.post(`${origin}/api/v1/projects/${project.id}/keys`, { data: { publicKey: pem }, headers: auth })).json();
  const jwt = await new SignJWT({ sub: "svc" }).setProtectedHeader({ alg: "ES256", kid: key.kid }).setIssuedAt().setExpirationTime("5m").sign(privateKey);
  const verify = () =>
    page.request.post(`${origin}/api/internal/verify`, {
      data: { project: project.id, token: jwt },
      headers: { "x-gateway-key": GATEWAY_KEY },
    });
  expect((await (await verify()).json()).valid).toBe(true);

  await page.goto(`${origin}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);

  await proxy.stop();
  for (let i = 0; i < 5; i++) {
    const answer = await verify();
    expect(answer.status()).toBe(200);
    expect((await answer.json()).valid).toBe(true);
  }
  expect((await page.request.get(`${origin}/readyz`)).status()).toBe(503);
  await page.goto(`${origin}/projects`);
  await expect(page.getByRole("heading", { name: "This page could not be loaded" })).toBeVisible();
  await expect(page.getByText("comes back by itself once the database answers again")).toBeVisible();

  await proxy.start();
  await expect.poll(async () => (await page.request.get(`${origin}/readyz`)).status(), { timeout: 30_000 }).toBe(200);
  await page.getByRole("button", { name: "Try again" }).click();
  await page.goto(`${origin}/projects`);
  await expect(page.getByRole("link", { name: /Outage/ })).toBeVisible();
  expect((await (await verify()).json()).valid).toBe(true);
});
