import { createProjectInUi, expect, newCredentials, signUpAndSignIn, test } from "./support/fixtures";

test("a new owner signs up in the browser, creates a project and sees it listed", async ({ page }) => {
  const { email, password } = newCredentials("owner");
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByRole("link", { name: "Create one" }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  await expect(page.getByText("No projects yet.")).toBeVisible();

  const projectId = await createProjectInUi(page, "Mainnet RPC");
  await expect(page.getByTestId("project-name")).toHaveText("Mainnet RPC");
  await page.goto("/projects");
  const list = page.getByRole("list", { name: "Your projects" });
  await expect(list.getByRole("link", { name: /Mainnet RPC/ })).toHaveAttribute("href", `/projects/${projectId}`);
});

test("sign-up refuses a short password with a clear message and keeps the form", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(newCredentials().email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Password must be at least 8 characters.").first()).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up$/);
});

test("a wrong password is refused without saying whether the email exists", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(newCredentials().email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Email or password is incorrect.");
});

test("another tenant neither sees the project nor reaches its page or API", async ({ page, browser }) => {
  await signUpAndSignIn(page, "tenant-a");
  const projectId = await createProjectInUi(page, "Tenant A secret project");

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  const tenantB = await signUpAndSignIn(otherPage, "tenant-b");
  await expect(otherPage.getByText("Tenant A secret project")).toHaveCount(0);

  const response = await otherPage.goto(`/projects/${projectId}`);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByRole("heading", { name: "Not found" })).toBeVisible();

  const api = await otherPage.request.get(`/api/v1/projects/${projectId}`, {
    headers: { authorization: `Bearer ${await tenantB.apiToken()}` },
  });
  expect(api.status()).toBe(404);
  await other.close();
});

test("renaming and deleting a project from its settings", async ({ page, user }) => {
  void user;
  const projectId = await createProjectInUi(page, "Old name");
  await page.goto(`/projects/${projectId}/settings`);
  await page.getByLabel("Name", { exact: true }).fill("New name");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByText("Project renamed.")).toBeVisible();
  await expect(page.getByTestId("project-name")).toHaveText("New name");

  const deleteButton = page.getByRole("button", { name: "Delete project" });
  await expect(deleteButton).toBeDisabled();
  await page.getByLabel(/Type the project name/).fill("New name");
  await deleteButton.click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByText("New name")).toHaveCount(0);
});

test("the dashboard requires a session", async ({ page }) => {
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("signing out ends the session", async ({ page, user }) => {
  void user;
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in$/);
});
