import { randomBytes } from "node:crypto";
import { expect, test as base, type Page } from "@playwright/test";

export interface E2EUser {
  email: string;
  password: string;
  /** A 5-minute management API token, for seeding data quickly. */
  apiToken(): Promise<string>;
}

export function newCredentials(label = "user") {
  return { email: `${label}-${randomBytes(5).toString("hex")}@example.test`, password: `pw-${randomBytes(8).toString("hex")}` };
}

/** Signs up through the API and signs in through the real sign-in form. */
export async function signUpAndSignIn(page: Page, label = "user"): Promise<E2EUser> {
  const { email, password } = newCredentials(label);
  const signup = await page.request.post("/api/v1/signup", { data: { email, password } });
  expect(signup.status()).toBe(201);
  await signIn(page, email, password);
  return {
    email,
    password,
    async apiToken() {
      const res = await page.request.post("/api/v1/login", { data: { email, password } });
      expect(res.status()).toBe(200);
      return (await res.json()).token as string;
    },
  };
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
}

/** Creates a project through the dashboard form and returns its id (from the URL it lands on). */
export async function createProjectInUi(page: Page, name: string): Promise<string> {
  await page.goto("/projects");
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

export const test = base.extend<{ user: E2EUser }>({
  user: async ({ page }, use) => {
    await use(await signUpAndSignIn(page));
  },
});

export { expect };
