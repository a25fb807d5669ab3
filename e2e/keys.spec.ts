import { generateKeyPairSync } from "node:crypto";
import type { Page } from "@playwright/test";
import { createProjectInUi, expect, signUpAndSignIn, test, type E2EUser } from "./support/fixtures";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function p256() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    publicJwk: publicKey.export({ format: "jwk" }),
    privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

function weakRsaPem() {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  return publicKey.export({ type: "spki", format: "pem" }).toString();
}

async function apiKeys(page: Page, user: E2EUser, projectId: string) {
  const res = await page.request.get(`/api/v1/projects/${projectId}/keys`, {
    headers: { authorization: `Bearer ${await user.apiToken()}` },
  });
  expect(res.status()).toBe(200);
  return (await res.json()) as { keys: { kid: string; name: string | null; status: string }[]; activeCount: number };
}

async function addByPaste(page: Page, publicKey: string, name?: string) {
  await page.getByLabel("Public key", { exact: true }).fill(publicKey);
  if (name) await page.getByLabel("Name (optional)").fill(name);
  await page.getByRole("button", { name: "Add public key" }).click();
}

const activeRow = (page: Page, name: string) => page.getByTestId("key-row").filter({ hasText: name });

test("adds a key by paste: it gets a generated kid, shows in the table and the quota", async ({ page, user }) => {
  const projectId = await createProjectInUi(page, "Paste project");
  await expect(page.getByTestId("key-quota")).toHaveText("0 of 25 active");
  await expect(page.getByTestId("keys-empty")).toContainText("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256");

  await addByPaste(page, p256().publicPem, "Laptop");
  await expect(page.getByRole("status").filter({ hasText: "Key “Laptop” added" })).toBeVisible();
  const row = activeRow(page, "Laptop");
  await expect(row).toBeVisible();
  await expect(page.getByTestId("key-quota")).toHaveText("1 of 25 active");
  await expect(row.getByTestId("key-status")).toHaveText("Active");
  await expect(row.getByTestId("key-last-used")).toHaveText("never");
  await expect(row).toContainText("EC P-256");
  await expect(row).toContainText("ES256");
  const kid = (await row.getByTestId("key-kid").textContent())!;
  expect(kid).toMatch(UUID);
  await expect(page.getByLabel("Public key", { exact: true })).toHaveValue("");

  const listed = await apiKeys(page, user, projectId);
  expect(listed.keys.map((k) => [k.kid, k.name, k.status])).toEqual([[kid, "Laptop", "active"]]);
});

test("copies the kid to the clipboard", async ({ page, context, user }) => {
  void user;
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await createProjectInUi(page, "Copy project");
  await addByPaste(page, p256().publicPem, "Copy me");
  const row = activeRow(page, "Copy me");
  const kid = (await row.getByTestId("key-kid").textContent())!;
  await row.getByTestId("copy-kid").click();
  await expect(row.getByTestId("copy-kid")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(kid);
});

test("adds keys by uploading a .pem file and a .jwk file", async ({ page, user }) => {
  void user;
  await createProjectInUi(page, "Upload project");
  const pem = p256().publicPem;
  await page.getByLabel("Or upload a key file").setInputFiles({ name: "public.pem", mimeType: "application/x-pem-file", buffer: Buffer.from(pem) });
  await expect(page.getByLabel("Public key", { exact: true })).toHaveValue(pem);
  await page.getByLabel("Name (optional)").fill("From PEM file");
  await page.getByRole("button", { name: "Add public key" }).click();
  await expect(activeRow(page, "From PEM file")).toBeVisible();

  const jwk = JSON.stringify(p256().publicJwk);
  await page.getByLabel("Or upload a key file").setInputFiles({ name: "key.jwk", mimeType: "application/json", buffer: Buffer.from(jwk) });
  await expect(page.getByLabel("Public key", { exact: true })).toHaveValue(jwk);
  await page.getByLabel("Name (optional)").fill("From JWK file");
  await page.getByRole("button", { name: "Add public key" }).click();
  await expect(activeRow(page, "From JWK file")).toBeVisible();
  await expect(page.getByTestId("key-quota")).toHaveText("2 of 25 active");
});

test("refuses a pasted or uploaded private key with the warning, and adds nothing", async ({ page, user }) => {
  const projectId = await createProjectInUi(page, "Private key project");
  const { privatePem } = p256();
  await addByPaste(page, privatePem, "Oops");
  await expect(page.getByTestId("form-error")).toContainText("This is a private key. Never upload a private key");
  await expect(page.getByLabel("Public key", { exact: true })).toHaveValue("");

  await page.reload();
  await expect(page.getByTestId("form-error")).toHaveCount(0);
  await page.getByLabel("Or upload a key file").setInputFiles({ name: "private.pem", mimeType: "text/plain", buffer: Buffer.from(privatePem) });
  await expect(page.getByTestId("form-error")).toContainText("This is a private key.");
  await expect(page.getByLabel("Public key", { exact: true })).toHaveValue("");

  await expect(page.getByTestId("key-quota")).toHaveText("0 of 25 active");
  await expect(page.getByTestId("key-row")).toHaveCount(0);
  expect((await apiKeys(page, user, projectId)).keys).toEqual([]);
});

test("shows the server's refusal for a weak key inline and keeps the pasted text", async ({ page, user }) => {
  void user;
  await createProjectInUi(page, "Weak key project");
  const weak = weakRsaPem();
  await addByPaste(page, weak, "Weak");
  await expect(page.getByTestId("form-error")).toContainText("Signet requires at least 2048");
  await expect(page.getByLabel("Public key", { exact: true })).toHaveValue(weak);
  await expect(page.getByTestId("key-row")).toHaveCount(0);
});

test("renames a key in place and clears its name", async ({ page, user }) => {
  const projectId = await createProjectInUi(page, "Rename project");
  await addByPaste(page, p256().publicPem, "Old name");
  const row = activeRow(page, "Old name");
  const kid = (await row.getByTestId("key-kid").textContent())!;
  await row.getByRole("button", { name: /Rename key/ }).click();
  await row.getByLabel("New name (empty clears it)").fill("New name");
  await row.getByRole("button", { name: "Save" }).click();
  const renamed = page.locator(`[data-testid="key-row"][data-kid="${kid}"]`);
  await expect(renamed.getByTestId("key-name")).toHaveText("New name");

  await renamed.getByRole("button", { name: /Rename key/ }).click();
  await renamed.getByLabel("New name (empty clears it)").fill("");
  await renamed.getByLabel("New name (empty clears it)").press("Enter");
  await expect(renamed.getByTestId("key-name")).toHaveText("Unnamed");
  expect((await apiKeys(page, user, projectId)).keys[0]?.name).toBeNull();
});

test("revokes a key after a confirmation that names it; it moves to the revoked history", async ({ page, user }) => {
  const projectId = await createProjectInUi(page, "Revoke project");
  await addByPaste(page, p256().publicPem, "Keep");
  await expect(activeRow(page, "Keep")).toBeVisible();
  await addByPaste(page, p256().publicPem, "Stolen laptop");
  const row = activeRow(page, "Stolen laptop");
  const kid = (await row.getByTestId("key-kid").textContent())!;

  await row.getByRole("button", { name: "Revoke “Stolen laptop”" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke “Stolen laptop”?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("key-quota")).toHaveText("2 of 25 active");

  await row.getByRole("button", { name: "Revoke “Stolen laptop”" }).click();
  await dialog.getByLabel("Reason (optional)").fill("laptop stolen");
  await dialog.getByRole("button", { name: "Revoke key" }).click();

  await expect(page.getByTestId("key-quota")).toHaveText("1 of 25 active");
  await expect(page.locator(`[data-testid="key-row"][data-kid="${kid}"]`)).toHaveCount(0);
  const history = page.getByTestId("revoked-keys");
  const revokedRow = history.locator(`[data-testid="revoked-key-row"][data-kid="${kid}"]`);
  await expect(revokedRow).toContainText("Stolen laptop");
  await expect(revokedRow.getByTestId("key-revoke-reason")).toHaveText("laptop stolen");
  await expect(revokedRow.getByTestId("key-revoked-at")).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  await expect(revokedRow.getByTestId("key-status")).toHaveText("Revoked");

  const listed = await apiKeys(page, user, projectId);
  expect(listed.keys.find((k) => k.kid === kid)?.status).toBe("revoked");
  const jwks = await (await page.request.get(`/api/v1/projects/${projectId}/jwks.json`)).json();
  expect(jwks.keys.map((k: { kid: string }) => k.kid)).not.toContain(kid);
});

test("at 25 active keys the quota says so and the add form is disabled", async ({ page, user }) => {
  const projectId = await createProjectInUi(page, "Full project");
  const token = await user.apiToken();
  for (let i = 1; i <= 25; i++) {
    const res = await page.request.post(`/api/v1/projects/${projectId}/keys`, {
      headers: { authorization: `Bearer ${token}` },
      data: { publicKey: p256().publicPem, name: `seed ${i}` },
    });
    expect(res.status()).toBe(201);
  }
  await page.reload();
  await expect(page.getByTestId("key-quota")).toHaveText("25 of 25 active");
  await expect(page.getByTestId("key-limit-reached")).toContainText("reached the limit of 25 active keys");
  await expect(page.getByRole("button", { name: "Add public key" })).toBeDisabled();
  await expect(page.getByLabel("Public key", { exact: true })).toBeDisabled();
  await expect(page.getByTestId("key-row")).toHaveCount(25);
});

test("is usable at phone width: the table scrolls inside its region, not the page", async ({ page, user }) => {
  void user;
  await page.setViewportSize({ width: 390, height: 844 });
  await createProjectInUi(page, "Phone project");
  await addByPaste(page, p256().publicPem, "Phone key");
  await expect(activeRow(page, "Phone key")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByLabel("Public key", { exact: true })).toBeVisible();
});

test("tenant B cannot see or reach tenant A's key", async ({ page, browser }) => {
  const tenantA = await signUpAndSignIn(page, "keys-a");
  const projectA = await createProjectInUi(page, "Tenant A keys");
  await addByPaste(page, p256().publicPem, "A's secret key");
  const kid = (await activeRow(page, "A's secret key").getByTestId("key-kid").textContent())!;
  void tenantA;

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  const tenantB = await signUpAndSignIn(otherPage, "keys-b");
  const projectB = await createProjectInUi(otherPage, "Tenant B keys");
  await expect(otherPage.getByText("A's secret key")).toHaveCount(0);
  const auth = { authorization: `Bearer ${await tenantB.apiToken()}` };
  for (const url of [
    `/api/v1/projects/${projectA}/keys`,
    `/api/v1/projects/${projectA}/keys/${kid}`,
    `/api/v1/projects/${projectB}/keys/${kid}`,
  ]) {
    expect((await otherPage.request.get(url, { headers: auth })).status(), url).toBe(404);
  }
  const revoke = await otherPage.request.delete(`/api/v1/projects/${projectB}/keys/${kid}`, { headers: auth });
  expect(revoke.status()).toBe(404);
  await other.close();
  await page.reload();
  await expect(activeRow(page, "A's secret key").getByTestId("key-status")).toHaveText("Active");
});
