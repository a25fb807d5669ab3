import { expect, signUpAndSignIn, test } from "./support/fixtures";

test("pages carry a nonce-based CSP without unsafe-inline scripts, and framing is refused", async ({ page }) => {
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"))!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["x-powered-by"]).toBeUndefined();
  // The page is interactive under that policy (its scripts carry the nonce).
  await page.getByLabel("Email").fill("x");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
});

test("each page view gets a fresh nonce", async ({ page }) => {
  const first = (await page.goto("/sign-in"))!.headers()["content-security-policy"];
  const second = (await page.goto("/sign-in"))!.headers()["content-security-policy"];
  expect(first).not.toEqual(second);
});

test("API answers are never documents", async ({ request }) => {
  const response = await request.get("/api/v1/projects");
  expect(response.status()).toBe(401);
  expect(response.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(response.headers()["content-type"]).toContain("application/json");
});

test("the verification API's lean path carries the same security headers as Next's API answers", async ({ request }) => {
  const names = ["content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options", "permissions-policy"];
  const viaNext = (await request.get("/api/v1/projects")).headers();
  // Answered by scripts/server.mjs before Next sees it (no gateway key: 401).
  const lean = await request.post("/api/internal/verify", { data: { project: "p", token: "t" } });
  expect(lean.status()).toBe(401);
  const viaLean = lean.headers();
  for (const name of names) {
    expect(viaNext[name], name).toBeTruthy();
    expect(viaLean[name], name).toBe(viaNext[name]);
  }
  expect(viaLean["content-security-policy"]).toContain("form-action 'none'");
});

test("the session cookie is httpOnly and SameSite=Lax", async ({ page, context }) => {
  await signUpAndSignIn(page, "cookie");
  const session = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
});

test("a cookie-authenticated cross-site API write is refused", async ({ page }) => {
  await signUpAndSignIn(page, "csrf");
  const response = await page.request.post("/api/v1/projects", {
    data: { name: "from another site" },
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
  });
  expect(response.status()).toBe(403);
  const sameSite = await page.request.post("/api/v1/projects", {
    data: { name: "from the dashboard" },
    headers: { "sec-fetch-site": "same-origin" },
  });
  expect(sameSite.status()).toBe(201);
});
