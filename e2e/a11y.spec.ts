// Every dashboard page, as an owner of a seeded project: no serious or critical axe violations
// (WCAG 2 A and AA rules), at desktop width and at 390 px, and no horizontal overflow at 390 px.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { SignJWT } from "jose";
import { E2E_GATEWAY_KEY } from "./support/global-setup";
import { newCredentials, signIn } from "./support/fixtures";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

interface Seed {
  projectId: string;
  emptyProjectId: string;
  invitePath: string;
  token: string;
}


const pem = (key: { export(options: { type: "spki"; format: "pem" }): string | Buffer }) => key.export({ type: "spki", format: "pem" }).toString();

/** Signs in an owner of a project with keys (one revoked), a pending invitation, a token, usage and audit events. */
async function seedOwner(page: Page): Promise<Seed> {
  const { email, password } = newCredentials("a11y");
  expect((await page.request.post("/api/v1/signup", { data: { email, password } })).status()).toBe(201);
  await signIn(page, email, password);
  const login = await page.request.post("/api/v1/login", { data: { email, password } });
  const auth = { authorization: `Bearer ${(await login.json()).token}` };
  const post = async (url: string, data: unknown, status = 201) => {
    const res = await page.request.post(url, { headers: auth, data });
    expect(res.status(), `${url}: ${await res.text()}`).toBe(status);
    return res.json();
  };

  const projectId = (await post("/api/v1/projects", { name: "Accessible project" })).id as string;
  const emptyProjectId = (await post("/api/v1/projects", { name: "Empty project" })).id as string;
  const signer = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const keys = `/api/v1/projects/${projectId}/keys`;
  const kid = (await post(keys, { publicKey: pem(signer.publicKey), name: "Production gateway" })).kid as string;
  await post(keys, { publicKey: pem(generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey), name: "CI runner" });
  await post(keys, { publicKey: pem(generateKeyPairSync("ed25519").publicKey) });
  const old = (await post(keys, { publicKey: pem(generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey), name: "Old laptop" })).kid;
  const revoke = await page.request.delete(`${keys}/${old}`, { headers: auth, data: { reason: "Laptop retired" } });
  expect(revoke.status()).toBe(200);
  const invited = await post(`/api/v1/projects/${projectId}/members`, { email: `invitee-${randomBytes(4).toString("hex")}@example.test`, role: "viewer" });
  await post("/api/v1/tokens", { name: "Terraform" });

  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ sub: "a11y", iat: now, exp: now + 3600 }).setProtectedHeader({ alg: "ES256", kid }).sign(signer.privateKey);
  for (const data of [{ token }, { token }, { token: "not-a-token" }, {}]) {
    const res = await page.request.post("/api/internal/verify", { headers: { "x-gateway-key": E2E_GATEWAY_KEY }, data: { project: projectId, ...data } });
    expect(res.status()).toBe(200);
  }
  await expect
    .poll(async () => (await (await page.request.get(`/api/v1/projects/${projectId}/usage`, { headers: auth })).json()).totals.total, {
      timeout: 15_000,
    })
    .toBe(4);

  return { projectId, emptyProjectId, invitePath: invited.invitePath as string, token };
}

function describeViolation(violation: { id: string; impact?: string | null; help: string; nodes: { target: unknown[]; html: string }[] }) {
  const nodes = violation.nodes.slice(0, 4).map((node) => `${node.target.join(" ")} ${node.html.slice(0, 120)}`);
  return `${violation.id} (${violation.impact}): ${violation.help}\n    ${nodes.join("\n    ")}`;
}

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect.soft(serious.map(describeViolation), `axe, ${label}`).toEqual([]);
}

async function expectNoHorizontalOverflow(page: Page, label: string) {
  const overflow = await page.evaluate(() => {
    const width = window.innerWidth;
    // The elements that stick out of the page itself, not out of a scrolling box inside it.
    // An absolutely positioned element (say, an sr-only one) is only clipped by boxes from its containing block up.
    const clipped = (el: Element) => {
      const start = getComputedStyle(el).position === "absolute" ? (el as HTMLElement).offsetParent : el.parentElement;
      for (let up = start; up && up !== document.body; up = up.parentElement) {
        if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(up).overflowX)) return true;
      }
      return false;
    };
    const culprits = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} (right ${Math.round(el.getBoundingClientRect().right)})`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits };
  });
  expect.soft(overflow.scrollWidth, `${label} overflows at ${overflow.innerWidth} px: ${overflow.culprits.join(", ")}`).toBeLessThanOrEqual(
    overflow.innerWidth,
  );
}

/** axe at desktop width, then overflow and axe at phone width. */
async function checkPage(page: Page, label: string, ready: (page: Page) => Promise<void>) {
  await ready(page);
  await expectNoSeriousViolations(page, `${label} at ${DESKTOP.width} px`);
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(200);
  await expectNoHorizontalOverflow(page, label);
  await expectNoSeriousViolations(page, `${label} at ${PHONE.width} px`);
}

const heading = (name: string | RegExp) => async (page: Page) => {
  await expect(page.getByRole("heading", { name }).first()).toBeVisible();
};

test.describe("signed out", () => {
  test.use({ viewport: DESKTOP });
  for (const [label, url, name] of [
    ["sign-in", "/sign-in", "Sign in"],
    ["sign-up", "/sign-up", "Create your account"],
  ] as const) {
    test(label, async ({ page }) => {
      await page.goto(url);
      await checkPage(page, label, heading(name));
    });
  }
});

// One test, one seeded owner, a step per page: every page is checked even when one fails.
test("every dashboard page, signed in as an owner", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize(DESKTOP);
  const seed = await seedOwner(page);

  const PAGES: { label: string; url: string; ready: (page: Page) => Promise<void> }[] = [
    { label: "projects list", url: "/projects", ready: heading("Projects") },
    { label: "keys, none yet", url: `/projects/${seed.emptyProjectId}`, ready: (p) => expect(p.getByTestId("keys-empty")).toBeVisible() },
    { label: "keys, with active and revoked keys", url: `/projects/${seed.projectId}`, ready: (p) => expect(p.getByTestId("keys-table")).toBeVisible() },
    {
      label: "keys, revoke dialog open",
      url: `/projects/${seed.projectId}`,
      ready: async (p) => {
        await p.getByTestId("revoke-key-button").first().click();
        await expect(p.getByTestId("revoke-dialog").first()).toBeVisible();
      },
    },
    { label: "policy", url: `/projects/${seed.projectId}/policy`, ready: heading("Token policy") },
    { label: "debugger", url: `/projects/${seed.projectId}/debugger`, ready: heading("Token debugger") },
    {
      label: "debugger with a verdict",
      url: `/projects/${seed.projectId}/debugger`,
      ready: async (p) => {
        await p.getByTestId("debug-token-input").fill(seed.token);
        await p.getByTestId("debug-submit").click();
        await expect(p.getByTestId("debug-verdict")).toBeVisible();
      },
    },
    { label: "members", url: `/projects/${seed.projectId}/members`, ready: heading("Members") },
    { label: "audit log", url: `/projects/${seed.projectId}/audit`, ready: heading("Audit log") },
    { label: "settings", url: `/projects/${seed.projectId}/settings`, ready: heading("Project name") },
    { label: "access tokens", url: "/tokens", ready: heading("Access tokens") },
    { label: "usage, with data", url: `/projects/${seed.projectId}/usage`, ready: (p) => expect(p.getByTestId("usage-chart").locator("svg")).toBeVisible() },
    {
      label: "usage, 30 days, numbers per day open",
      url: `/projects/${seed.projectId}/usage?range=30d`,
      ready: async (p) => {
        await p.getByText("Numbers per day").click();
        await expect(p.getByRole("region", { name: /Verifications per day/ })).toBeVisible();
      },
    },
    { label: "usage, empty", url: `/projects/${seed.emptyProjectId}/usage`, ready: (p) => expect(p.getByTestId("usage-empty")).toBeVisible() },
    { label: "integrate (snippets)", url: `/projects/${seed.projectId}/snippets`, ready: heading("Integrate") },
    { label: "invitation", url: seed.invitePath, ready: (p) => expect(p.getByRole("heading", { level: 1 })).toBeVisible() },
  ];

  for (const entry of PAGES) {
    await test.step(entry.label, async () => {
      try {
        await page.setViewportSize(DESKTOP);
        await page.goto(entry.url);
        await checkPage(page, entry.label, entry.ready);
      } catch (error) {
        expect.soft(String(error), `${entry.label} could not be checked`).toBe("");
      }
    });
  }
});
