// The document's prose: what the code cannot say (overview, tags, how each audience authenticates).

export const INFO_DESCRIPTION = [
  "Signet's two HTTP APIs. See docs/api.md for a guide.",
  "",
  "**Management API** (`/api/v1`): `Authorization: Bearer <token>` with a token from `POST /api/v1/login` (valid 5 minutes) " +
    "or a personal access token; the dashboard's session cookie also works (writes then must come from the same origin). " +
    "Errors: `{\"error\": {\"code\", \"message\", \"details\"?}}`. A project the caller is not a member of answers 404; " +
    "a role too low answers 403. Any other `/api/v1` path answers 404 `not_found`.",
  "",
  "**Verification API** (`/api/internal`): for gateways, with `X-Gateway-Key`. A verification answers 200 with " +
    "`valid` true or false; errors (no verification performed) are `{\"error\": {\"code\", \"message\"}}`.",
  "",
  "Bodies are JSON; unknown fields are ignored. Times are RFC 3339 strings.",
].join("\n");

export const TAGS = [
  { name: "Account", description: "Sign up and log in." },
  { name: "Access tokens", description: "Personal access tokens for scripts and CI." },
  { name: "Projects", description: "Projects and their token policy." },
  { name: "Keys", description: "The public keys tokens are verified with." },
  { name: "Members", description: "Who may manage a project, and invitations." },
  { name: "Audit", description: "What changed, who changed it." },
  { name: "Usage", description: "How often tokens were verified, and with what result." },
  { name: "Verification", description: "For gateways: is this token valid for this project?" },
  { name: "Meta", description: "This document." },
];

export const SECURITY_SCHEMES = {
  bearerAuth: {
    type: "http",
    scheme: "bearer",
    description: "A login token (`sgl_…`, from POST /api/v1/login, valid 5 minutes) or a personal access token (`sgp_…`).",
  },
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "next-auth.session-token",
    description:
      "The dashboard's session (`__Secure-next-auth.session-token` over HTTPS). Used only when there is no " +
      "`Authorization` header; a write must come from the same origin (else 403 forbidden).",
  },
  gatewayKey: {
    type: "apiKey",
    in: "header",
    name: "X-Gateway-Key",
    description: "One of the comma-separated `GATEWAY_KEYS`, compared in constant time.",
  },
};

export const SECURITY = {
  user: [{ bearerAuth: [] }, { sessionCookie: [] }],
  gateway: [{ gatewayKey: [] }],
  public: [],
} as const;
