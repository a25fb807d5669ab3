import { describe, expect, it } from "vitest";
import { curlForwardAuthSnippet, curlVerifySnippet } from "./curl";
import { envoySnippet } from "./envoy";
import { keygenSnippets } from "./keygen";
import { nginxSnippet } from "./nginx";
import { FALLBACK_ORIGIN, originFromHeaders } from "./origin";
import { signTokenSnippet } from "./sign-token";
import { KID_PLACEHOLDER } from "./snippet-context";
import { traefikSnippet } from "./traefik";

const PROJECT_ID = "6f1c2b8e-3d4a-4c5b-9e6f-7a8b9c0d1e2f";
const KID = "0b9e7c6d-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
const TARGET = { origin: "https://signet.example.com", projectId: PROJECT_ID };
const SECRET = "gateway-secret-never-shown";

const gatewaySnippets = (target = TARGET) => ({
  curlVerify: curlVerifySnippet(target),
  curlForwardAuth: curlForwardAuthSnippet(target),
  nginx: nginxSnippet(target),
  traefik: traefikSnippet(target),
  envoy: envoySnippet(target),
});

describe("gateway snippets", () => {
  it("carry the project id and this Signet's origin, and read the gateway key from the environment", () => {
    for (const [name, text] of Object.entries(gatewaySnippets())) {
      expect(text, name).toContain(PROJECT_ID);
      expect(text, name).toContain(name === "envoy" ? "signet.example.com" : "https://signet.example.com/api/internal/");
      expect(text, name).toMatch(/\$SIGNET_GATEWAY_KEY|\$\{SIGNET_GATEWAY_KEY\}|env "SIGNET_GATEWAY_KEY"/);
    }
  });

  it("never contain a configured gateway key, a private key or a token", () => {
    const previous = process.env.GATEWAY_KEYS;
    process.env.GATEWAY_KEYS = `${SECRET},another-${SECRET}`;
    try {
      const texts = [...Object.values(gatewaySnippets()), signTokenSnippet({ kid: KID }), ...keygenSnippets().map((s) => s.command)];
      for (const text of texts) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
        expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
      }
    } finally {
      if (previous === undefined) delete process.env.GATEWAY_KEYS;
      else process.env.GATEWAY_KEYS = previous;
    }
  });

  it("curl posts the project to /api/internal/verify with the gateway key header", () => {
    const text = curlVerifySnippet(TARGET);
    expect(text).toContain("curl -sS -X POST https://signet.example.com/api/internal/verify");
    expect(text).toContain('-H "X-Gateway-Key: $SIGNET_GATEWAY_KEY"');
    expect(text).toContain(`\\"project\\": \\"${PROJECT_ID}\\"`);
  });

  it("nginx checks every request with auth_request against the project's forward-auth endpoint", () => {
    const text = nginxSnippet(TARGET);
    expect(text).toContain("auth_request /_signet;");
    expect(text).toContain(`proxy_pass https://signet.example.com/api/internal/forward-auth/${PROJECT_ID};`);
    for (const line of [
      "internal;",
      "proxy_pass_request_body off;",
      'proxy_set_header Content-Length "";',
      "proxy_set_header X-Gateway-Key $signet_gateway_key;",
      "proxy_set_header Authorization $http_authorization;",
      "proxy_set_header X-Forwarded-Host $host;",
      "proxy_ssl_server_name on;",
    ]) {
      expect(text).toContain(line);
    }
    expect(nginxSnippet({ ...TARGET, origin: "http://signet:3000" })).not.toContain("proxy_ssl_server_name");
  });

  it("Traefik sends the gateway key through authRequestHeaders and drops it before the API", () => {
    const text = traefikSnippet(TARGET);
    expect(text).toContain(`address: "https://signet.example.com/api/internal/forward-auth/${PROJECT_ID}"`);
    expect(text).toMatch(/authRequestHeaders:\n\s+- Authorization\n\s+- X-Gateway-Key/);
    expect(text).toMatch(/authResponseHeaders:\n\s+- X-Signet-Kid\n\s+- X-Signet-Sub/);
    expect(text).toContain(`X-Gateway-Key: '{{ env "SIGNET_GATEWAY_KEY" }}'`);
    expect(text).toMatch(/- signet-gateway-key\n\s+- signet-auth\n\s+- signet-drop-gateway-key/);
  });

  it("Envoy's ext_authz targets the forward-auth path and a cluster for this Signet", () => {
    const tls = envoySnippet(TARGET);
    expect(tls).toContain(`path_prefix: "/api/internal/forward-auth/${PROJECT_ID}?path="`);
    expect(tls).toContain("socket_address: { address: signet.example.com, port_value: 443 }");
    expect(tls).toContain("sni: signet.example.com");
    const plain = envoySnippet({ ...TARGET, origin: "http://10.0.0.7:3000" });
    expect(plain).toContain("socket_address: { address: 10.0.0.7, port_value: 3000 }");
    expect(plain).not.toContain("transport_socket");
  });
});

describe("signTokenSnippet", () => {
  it("signs with jose, the kid and the algorithm filled in", () => {
    const text = signTokenSnippet({ kid: KID, alg: "PS256" });
    expect(text).toContain('importPKCS8(readFileSync("private.pem", "utf8"), "PS256")');
    expect(text).toContain(`.setProtectedHeader({ alg: "PS256", kid: "${KID}" })`);
    expect(text).toContain(".setIssuedAt()");
    expect(text).toContain('.setExpirationTime("60s")');
  });

  it("uses a placeholder kid and ES256 without a key", () => {
    const text = signTokenSnippet({ kid: null });
    expect(text).toContain(`kid: "${KID_PLACEHOLDER}"`);
    expect(text).toContain('alg: "ES256"');
  });

  it("signs ES256K with node:crypto, which jose does not implement", () => {
    const text = signTokenSnippet({ kid: KID, alg: "ES256K" });
    expect(text).not.toContain('from "jose"');
    expect(text).toContain(`kid: "${KID}"`);
    expect(text).toContain('dsaEncoding: "ieee-p1363"');
  });
});

describe("keygenSnippets", () => {
  it("has one recipe per key family, each writing public.pem with -pubout", () => {
    const snippets = keygenSnippets();
    expect(snippets.flatMap((s) => s.algorithms)).toEqual(
      expect.arrayContaining(["ES256", "ES384", "ES512", "ES256K", "RS256", "PS256", "EdDSA"]),
    );
    for (const snippet of snippets) expect(snippet.command).toContain("openssl pkey -in private.pem -pubout -out public.pem");
  });
});

describe("originFromHeaders", () => {
  const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

  it("uses the forwarded protocol and host a reverse proxy sets, else Host", () => {
    expect(originFromHeaders(headers({ host: "127.0.0.1:3000" }))).toBe("http://127.0.0.1:3000");
    expect(originFromHeaders(headers({ host: "internal:3000", "x-forwarded-host": "Signet.Example.com", "x-forwarded-proto": "https" }))).toBe(
      "https://signet.example.com",
    );
    expect(originFromHeaders(headers({ host: "a.example", "x-forwarded-proto": "https, http" }))).toBe("https://a.example");
    expect(originFromHeaders(headers({ host: "[::1]:3000" }))).toBe("http://[::1]:3000");
  });

  it("falls back to localhost for a missing or strange host", () => {
    expect(originFromHeaders(headers({}))).toBe(FALLBACK_ORIGIN);
    for (const host of ['evil.example/"><script>', "a b", "host:port", "x.example\r\nX-Injected: 1"]) {
      expect(originFromHeaders(headers({ host })), host).toBe(FALLBACK_ORIGIN);
    }
  });
});
