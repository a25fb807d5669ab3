import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Page } from "@playwright/test";
import { SignJWT } from "jose";
import { E2E_GATEWAY_KEY } from "./support/global-setup";
import { createProjectInUi, expect, signUpAndSignIn, test, type E2EUser } from "./support/fixtures";

function p256() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(), privateKey };
}

async function addKeyByApi(page: Page, user: E2EUser, projectId: string, publicKey: string, name: string): Promise<string> {
  const res = await page.request.post(`/api/v1/projects/${projectId}/keys`, {
    headers: { authorization: `Bearer ${await user.apiToken()}` },
    data: { publicKey, name },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).kid as string;
}

function sign(privateKey: KeyObject, kid: string, { iat, exp }: { iat: number; exp: number }) {
  return new SignJWT({ sub: "e2e-service", iat, exp }).setProtectedHeader({ alg: "ES256", kid }).sign(privateKey);
}

/** What a gateway does: POST /api/internal/verify with its gateway key. */
async function verify(page: Page, projectId: string, token?: string) {
  const res = await page.request.post("/api/internal/verify", {
    headers: { "x-gateway-key": E2E_GATEWAY_KEY },
    data: { project: projectId, ...(token ? { token } : {}) },
  });
  expect(res.status()).toBe(200);
  return (await res.json()) as { valid: boolean; error?: { reason: string } };
}

const totalRow = (page: Page, result: string) => page.locator(`[data-testid="usage-total-row"][data-result="${result}"]`);

test("verifications through the gateway API show in the usage chart, totals, per-key table and the key's Last used", async ({
  page,
  user,
}) => {
  const projectId = await createProjectInUi(page, "Usage project");
  await page.goto(`/projects/${projectId}/usage`);
  const empty = page.getByTestId("usage-empty");
  await expect(empty).toContainText("No verifications yet");
  await expect(empty).toContainText(`\\"project\\": \\"${projectId}\\"`);
  await expect(empty).toContainText("X-Gateway-Key: $SIGNET_GATEWAY_KEY");
  await expect(page.locator("body")).not.toContainText(E2E_GATEWAY_KEY);

  const key = p256();
  const kid = await addKeyByApi(page, user, projectId, key.publicPem, "Gateway signer");
  const now = Math.floor(Date.now() / 1000);
  const valid = await sign(key.privateKey, kid, { iat: now, exp: now + 60 });
  const expired = await sign(key.privateKey, kid, { iat: now - 120, exp: now - 60 });
  for (let i = 0; i < 3; i++) expect((await verify(page, projectId, valid)).valid).toBe(true);
  for (let i = 0; i < 2; i++) expect((await verify(page, projectId, expired)).error?.reason).toBe("expired_token");
  expect((await verify(page, projectId, "not-a-token")).error?.reason).toBe("malformed_token");

  // Counters are flushed every 2 s: refresh until they are in.
  await expect(async () => {
    await page.getByTestId("usage-refresh").click();
    await expect(page.getByTestId("usage-stat-total")).toHaveText("6", { timeout: 1_500 });
  }).toPass({ timeout: 20_000, intervals: [500, 1_000] });
  await expect(page.getByTestId("toast").filter({ hasText: "Usage updated." }).first()).toBeVisible();
  await expect(page.getByTestId("toasts")).toHaveAttribute("role", "status");

  await expect(page.getByTestId("usage-stat-valid")).toHaveText("3");
  await expect(page.getByTestId("usage-stat-failed")).toHaveText("3");
  await expect(totalRow(page, "valid").getByTestId("usage-total-count")).toHaveText("3");
  await expect(totalRow(page, "expired_token").getByTestId("usage-total-count")).toHaveText("2");
  await expect(totalRow(page, "malformed_token").getByTestId("usage-total-count")).toHaveText("1");
  await expect(page.getByTestId("usage-total-all")).toHaveText("6");
  // The chart draws a stacked bar: one rectangle per result in the current hour (more if the hour turned meanwhile).
  await expect(page.getByTestId("usage-chart").locator("svg.recharts-surface")).toBeVisible();
  await expect.poll(() => page.getByTestId("usage-chart").locator(".recharts-bar-rectangle path").count()).toBeGreaterThanOrEqual(3);

  const keyRow = page.locator(`[data-testid="key-usage-row"][data-kid="${kid}"]`);
  await expect(keyRow).toContainText("Gateway signer");
  await expect(keyRow.getByTestId("key-usage-last-used")).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  await expect(page.getByTestId("key-usage-unattributed")).toContainText("1");

  // One key: the unresolved (malformed) verification drops out.
  await page.getByTestId("usage-key-select").selectOption(kid);
  await expect(page).toHaveURL(new RegExp(`kid=${kid}`));
  await expect(page.getByTestId("usage-stat-total")).toHaveText("5");
  await expect(totalRow(page, "malformed_token")).toHaveCount(0);

  // 30 days, still for that key.
  await page.getByTestId("usage-range-30d").click();
  await expect(page).toHaveURL(/range=30d/);
  await expect(page.getByTestId("usage-range-30d")).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("usage-stat-total")).toHaveText("5");
  await expect(page.getByTestId("usage-key-select")).toHaveValue(kid);

  // The keys table shows the real last use.
  await page.goto(`/projects/${projectId}`);
  const row = page.getByTestId("key-row").filter({ hasText: "Gateway signer" });
  await expect(row.getByTestId("key-last-used")).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);

  const api = await page.request.get(`/api/v1/projects/${projectId}/usage?range=24h`);
  expect(api.status()).toBe(200);
  const report = await api.json();
  expect(report.totals).toMatchObject({ total: 6, valid: 3, failed: 3 });
  expect(report.buckets).toHaveLength(24);
});

test("the usage page of another tenant's project is not found", async ({ page, browser, user }) => {
  void user;
  const projectId = await createProjectInUi(page, "Private usage");
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUpAndSignIn(otherPage, "intruder");
  await otherPage.goto(`/projects/${projectId}/usage`);
  await expect(otherPage.getByRole("heading", { name: "Not found" })).toBeVisible();
  expect((await otherPage.request.get(`/api/v1/projects/${projectId}/usage`)).status()).toBe(404);
  await other.close();
});

test("the Integrate page is filled in with the project's ID, newest key and origin, and never a secret", async ({
  page,
  context,
  user,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const projectId = await createProjectInUi(page, "Snippets project");
  await page.goto(`/projects/${projectId}/snippets`);
  await expect(page.getByTestId("facts-no-key")).toBeVisible();
  await expect(page.getByTestId("snippet-sign-token-code")).toContainText('kid: "YOUR_KEY_ID"');

  await addKeyByApi(page, user, projectId, p256().publicPem, "Older");
  const newest = await addKeyByApi(page, user, projectId, p256().publicPem, "Newest");
  await page.reload();
  await expect(page.getByTestId("facts-project-id")).toHaveText(projectId);
  await expect(page.getByTestId("facts-kid")).toHaveText(newest);
  await expect(page.getByTestId("snippet-sign-token-code")).toContainText(`.setProtectedHeader({ alg: "ES256", kid: "${newest}" })`);
  const origin = new URL(page.url()).origin;
  await expect(page.getByTestId("snippet-curl-verify-code")).toContainText(`curl -sS -X POST ${origin}/api/internal/verify`);
  await expect(page.getByTestId("snippet-nginx-code")).toContainText(`proxy_pass ${origin}/api/internal/forward-auth/${projectId};`);
  await expect(page.getByTestId("snippet-traefik-code")).toContainText(`address: "${origin}/api/internal/forward-auth/${projectId}"`);
  await expect(page.getByTestId("snippet-envoy-code")).toContainText(`/api/internal/forward-auth/${projectId}?path=`);
  await expect(page.locator("body")).not.toContainText(E2E_GATEWAY_KEY);

  await page.getByTestId("copy-curl-verify").click();
  await expect(page.getByTestId("copy-curl-verify")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.getByTestId("snippet-curl-verify-code").textContent());
});
