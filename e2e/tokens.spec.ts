import { expect, test } from "./support/fixtures";

test("creates an access token shown once, uses it as a Bearer token, and revokes it", async ({ page, context, user }) => {
  void user;
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/tokens");
  await expect(page.getByRole("heading", { name: "Access tokens" })).toBeVisible();
  await expect(page.getByTestId("tokens-empty")).toBeVisible();

  await page.getByLabel("Token name").fill("CI deploys");
  await page.getByLabel("Expires after").selectOption("30");
  await page.getByRole("button", { name: "Create token" }).click();
  const panel = page.getByTestId("new-token-panel");
  await expect(panel).toContainText("This is the only time it is shown");
  await page.getByTestId("copy-new-token").click();
  await expect(page.getByTestId("copy-new-token")).toHaveText("Copied");
  const token = await page.evaluate(() => navigator.clipboard.readText());
  expect(token).toMatch(/^sgp_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("new-token")).toHaveValue(token);

  const row = page.getByTestId("token-row").filter({ hasText: "CI deploys" });
  await expect(row.getByTestId("token-prefix")).toHaveText(`${token.slice(0, 10)}…`);
  await expect(row.getByTestId("token-status")).toHaveText("Active");
  await expect(row.getByTestId("token-last-used")).toHaveText("never");

  const headers = { authorization: `Bearer ${token}` };
  const ok = await page.request.get("/api/v1/projects", { headers });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ projects: [] });

  // Shown once: a reload lists the token by its prefix only.
  await page.reload();
  await expect(page.getByTestId("new-token-panel")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  await expect(row.getByTestId("token-last-used")).not.toHaveText("never");

  await row.getByRole("button", { name: "Revoke token CI deploys" }).click();
  await expect(page.getByTestId("revoke-token-dialog")).toContainText("fail with 401");
  await page.getByTestId("revoke-token-confirm").click();
  await expect(row.getByTestId("token-status")).toHaveText("Revoked");
  await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);

  const refused = await page.request.get("/api/v1/projects", { headers });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("unauthorized");
});

test("an empty token name is refused with a message", async ({ page, user }) => {
  void user;
  await page.goto("/tokens");
  await page.getByLabel("Token name").fill("   ");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Give the token a name, e.g. “CI deploys”.");
  await expect(page.getByTestId("new-token-panel")).toHaveCount(0);
});
