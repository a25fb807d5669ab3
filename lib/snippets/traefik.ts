import { forwardAuthUrl, GATEWAY_KEY_ENV, type SignetTarget } from "./snippet-context";

// Traefik ForwardAuth. ForwardAuth cannot add a header of its own to the check, so a headers
// middleware sets X-Gateway-Key first, authRequestHeaders copies it to Signet, and a second headers
// middleware removes it again before the request reaches the API.

export function traefikSnippet(target: SignetTarget): string {
  return `# Traefik dynamic configuration (file provider). Traefik renders these files as Go templates,
# so the gateway key comes from the ${GATEWAY_KEY_ENV} environment variable of the Traefik process.
http:
  middlewares:
    signet-gateway-key:
      headers:
        customRequestHeaders:
          X-Gateway-Key: '{{ env "${GATEWAY_KEY_ENV}" }}'
    signet-auth:
      forwardAuth:
        address: "${forwardAuthUrl(target)}"
        authRequestHeaders:
          - Authorization
          - X-Gateway-Key
        authResponseHeaders:
          - X-Signet-Kid
          - X-Signet-Sub
    signet-drop-gateway-key:
      headers:
        customRequestHeaders:
          X-Gateway-Key: "" # an empty value removes the header: your API never sees the key

  routers:
    my-api:
      rule: "Host(\`api.example.com\`)"
      service: my-api
      middlewares:
        - signet-gateway-key
        - signet-auth
        - signet-drop-gateway-key

  services:
    my-api:
      loadBalancer:
        servers:
          - url: "http://my-api:8080"
`;
}
