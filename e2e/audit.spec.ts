import { createProjectInUi, expect, test } from "./support/fixtures";

test("the audit log shows a project's creation and rename, newest first, filtered and paged", async ({ page, user }) => {
  const projectId = await createProjectInUi(page, "Audit me");
  await page.goto(`/projects/${projectId}/settings`);
  await page.getByLabel("Name", { exact: true }).fill("Audited");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByText("Project renamed.")).toBeVisible();

  await page.goto(`/projects/${projectId}/audit`);
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByTestId("audit-action")).toHaveText("Project renamed");
  await expect(rows.nth(0).getByTestId("audit-target")).toContainText("“Audit me” → “Audited”");
  await expect(rows.nth(0).getByTestId("audit-actor")).toHaveText(user.email);
  await expect(rows.nth(0).getByTestId("audit-ip")).not.toHaveText("");
  await expect(rows.nth(1).getByTestId("audit-action")).toHaveText("Project created");
  await expect(page.getByTestId("older-events")).toHaveCount(0);

  await page.getByLabel("Action", { exact: true }).selectOption("project.created");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=project\.created/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("audit-action")).toHaveText("Project created");

  // 50 more renames through the API: the first page holds 50 events, "Older events" shows the rest.
  const headers = { authorization: `Bearer ${await user.apiToken()}` };
  for (let i = 1; i <= 50; i++) {
    const res = await page.request.patch(`/api/v1/projects/${projectId}`, { headers, data: { name: `Name ${i}` } });
    expect(res.status()).toBe(200);
  }
  await page.goto(`/projects/${projectId}/audit`);
  await expect(rows).toHaveCount(50);
  await expect(rows.first().getByTestId("audit-target")).toContainText("“Name 49” → “Name 50”");
  await page.getByTestId("older-events").click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1).getByTestId("audit-action")).toHaveText("Project created");
  await expect(page.getByTestId("older-events")).toHaveCount(0);
  await page.getByRole("link", { name: "← Newest events" }).click();
  await expect(rows).toHaveCount(50);
});
