import { GATEWAY_KEY_ENV, type SignetTarget } from "./snippet-context";

// Envoy's ext_authz HTTP filter. Envoy appends the client's path to path_prefix; ending the prefix
// with "?path=" turns that path into a query string Signet ignores.

export function envoySnippet(target: SignetTarget): string {
  const url = new URL(target.origin);
  const tls = url.protocol === "https:";
  const port = url.port || (tls ? "443" : "80");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const transportSocket = tls
    ? `
    transport_socket:
      name: envoy.transport_sockets.tls
      typed_config:
        "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
        sni: ${host}`
    : "";
  return `# In your HttpConnectionManager, before the router. \${${GATEWAY_KEY_ENV}} is
# filled in from the environment before Envoy starts, e.g. with envsubst.
http_filters:
  - name: envoy.filters.http.ext_authz
    typed_config:
      "@type": type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz
      transport_api_version: V3
      failure_mode_allow: false
      http_service:
        server_uri:
          uri: ${target.origin}
          cluster: signet
          timeout: 0.5s
        path_prefix: "/api/internal/forward-auth/${target.projectId}?path="
        authorization_request:
          headers_to_add:
            - key: X-Gateway-Key
              value: "\${${GATEWAY_KEY_ENV}}"
        authorization_response:
          allowed_upstream_headers:
            patterns:
              - exact: x-signet-kid
              - exact: x-signet-sub
          allowed_client_headers:
            patterns:
              - exact: www-authenticate
              - exact: content-type
  - name: envoy.filters.http.router
    typed_config:
      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router

# In static_resources.clusters:
clusters:
  - name: signet
    type: STRICT_DNS
    connect_timeout: 1s
    load_assignment:
      cluster_name: signet
      endpoints:
        - lb_endpoints:
            - endpoint:
                address:
                  socket_address: { address: ${host}, port_value: ${port} }${transportSocket}
`;
}
