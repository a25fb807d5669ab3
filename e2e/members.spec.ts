import type { Page } from "@playwright/test";
import { createProjectInUi, expect, newCredentials, signIn, signUpAndSignIn, test } from "./support/fixtures";

async function addMemberInUi(page: Page, projectId: string, email: string, role: "owner" | "admin" | "viewer") {
  await page.goto(`/projects/${projectId}/members`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Add member" }).click();
}

test("an owner adds an existing user as viewer, who then sees the project read-only", async ({ page, browser }) => {
  await signUpAndSignIn(page, "owner");
  const projectId = await createProjectInUi(page, "Shared project");

  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  const viewer = await signUpAndSignIn(viewerPage, "viewer");

  await addMemberInUi(page, projectId, viewer.email, "viewer");
  await expect(page.getByRole("status").filter({ hasText: `Added ${viewer.email} as viewer.` })).toBeVisible();
  await expect(page.getByTestId("member-row").filter({ hasText: viewer.email })).toBeVisible();

  await viewerPage.goto("/projects");
  await viewerPage.getByRole("link", { name: /Shared project/ }).click();
  await expect(viewerPage.getByTestId("project-name")).toHaveText("Shared project");
  await expect(viewerPage.getByText("your role: viewer")).toBeVisible();
  await expect(viewerPage.getByTestId("viewer-note")).toBeVisible();
  await expect(viewerPage.getByTestId("add-key-form")).toHaveCount(0);

  await viewerPage.goto(`/projects/${projectId}/settings`);
  await expect(viewerPage.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(viewerPage.getByRole("button", { name: "Rename" })).toBeDisabled();
  await expect(viewerPage.getByRole("button", { name: "Delete project" })).toHaveCount(0);

  await viewerPage.goto(`/projects/${projectId}/members`);
  await expect(viewerPage.getByTestId("members-read-only-note")).toBeVisible();
  await expect(viewerPage.getByTestId("add-member-form")).toHaveCount(0);
  await expect(viewerPage.getByTestId("member-role-select")).toHaveCount(0);
  await expect(viewerPage.getByTestId("remove-member")).toHaveCount(0);
  await expect(viewerPage.getByTestId("member-row").filter({ hasText: viewer.email }).getByTestId("member-role")).toHaveText("Viewer");

  await viewerPage.goto(`/projects/${projectId}/audit`);
  await expect(viewerPage.getByTestId("audit-row").filter({ hasText: "Member added" })).toContainText(viewer.email);
  await viewerContext.close();
});

test("inviting an unknown email gives a copyable link that works once the invitee signs up", async ({ page, context, browser }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUpAndSignIn(page, "owner");
  const projectId = await createProjectInUi(page, "Invite project");
  const invitee = newCredentials("invitee");

  await addMemberInUi(page, projectId, invitee.email, "admin");
  const panel = page.getByTestId("invite-link-panel");
  await expect(panel).toContainText(`${invitee.email} has no account here yet`);
  await expect(panel).toContainText("sign up (or sign in) with");
  const link = await page.getByTestId("invite-link").inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invitations\/sgi_[A-Za-z0-9_-]{43}$/);
  await page.getByTestId("copy-invite-link").click();
  await expect(page.getByTestId("copy-invite-link")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await page.reload();
  await expect(page.getByTestId("invitation-row").filter({ hasText: invitee.email })).toContainText("Admin");

  const inviteeContext = await browser.newContext();
  const inviteePage = await inviteeContext.newPage();
  // Signed out, the link leads to sign-in; the invitee signs up with the invited email and opens it again.
  await inviteePage.goto(link);
  await expect(inviteePage).toHaveURL(/\/sign-in$/);
  const signup = await inviteePage.request.post("/api/v1/signup", { data: invitee });
  expect(signup.status()).toBe(201);
  await signIn(inviteePage, invitee.email, invitee.password);
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole("heading", { name: "Join Invite project" })).toBeVisible();
  await expect(inviteePage.getByTestId("invitation-summary")).toContainText("as an admin");
  await inviteePage.getByRole("button", { name: "Accept the invitation to Invite project" }).click();
  await expect(inviteePage).toHaveURL(new RegExp(`/projects/${projectId}$`));
  await expect(inviteePage.getByText("your role: admin")).toBeVisible();

  // The link is spent.
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole("heading", { name: "Invitation already used" })).toBeVisible();
  await inviteeContext.close();

  await page.goto(`/projects/${projectId}/members`);
  await expect(page.getByTestId("member-row").filter({ hasText: invitee.email })).toBeVisible();
  await expect(page.getByTestId("invitations-list")).toHaveCount(0);
});

test("an invitation opened by another signed-in account is refused with instructions", async ({ page, browser }) => {
  await signUpAndSignIn(page, "owner");
  const projectId = await createProjectInUi(page, "Wrong account project");
  const invited = newCredentials("invited");
  await addMemberInUi(page, projectId, invited.email, "viewer");
  const link = await page.getByTestId("invite-link").inputValue();

  const otherContext = await browser.newContext();
  const otherPage = await otherContext.newPage();
  await signUpAndSignIn(otherPage, "someone-else");
  await otherPage.goto(link);
  await expect(otherPage.getByRole("heading", { name: "This invitation is for someone else" })).toBeVisible();
  await expect(otherPage.getByText(`sign in or sign up with ${invited.email}`)).toBeVisible();
  await expect(otherPage.getByRole("button", { name: /Accept/ })).toHaveCount(0);
  await otherContext.close();
});

test("the last owner cannot leave; an owner can change a member's role and remove them", async ({ page, browser }) => {
  await signUpAndSignIn(page, "owner");
  const projectId = await createProjectInUi(page, "Roles project");
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  const member = await signUpAndSignIn(memberPage, "member");
  await addMemberInUi(page, projectId, member.email, "viewer");

  const row = page.getByTestId("member-row").filter({ hasText: member.email });
  await row.getByLabel(`Role for ${member.email}`, { exact: true }).selectOption("admin");
  await row.getByRole("button", { name: `Save role for ${member.email}` }).click();
  await expect(row.getByRole("status")).toHaveText("Role updated.");

  await page.getByRole("button", { name: "Leave this project" }).click();
  await page.getByTestId("leave-project-confirm").click();
  await expect(page.getByTestId("leave-project-dialog").getByTestId("form-error")).toContainText("at least one owner");
  await page.getByTestId("leave-project-dialog").getByRole("button", { name: "Cancel" }).click();

  await row.getByRole("button", { name: `Remove ${member.email}` }).click();
  await page.getByTestId("remove-member-confirm").click();
  await expect(page.getByTestId("member-row").filter({ hasText: member.email })).toHaveCount(0);
  const gone = await memberPage.goto(`/projects/${projectId}`);
  expect(gone?.status()).toBe(404);
  await memberContext.close();
});
