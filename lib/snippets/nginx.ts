import { forwardAuthUrl, GATEWAY_KEY_ENV, type SignetTarget } from "./snippet-context";

// nginx auth_request: every request to the protected location is checked by a subrequest to
// Signet's forward-auth endpoint first (VERIFY-API.md §2b).

export function nginxSnippet(target: SignetTarget): string {
  const https = target.origin.startsWith("https:");
  return `# In the server block in front of your API. With the official nginx image, save it as
# /etc/nginx/templates/default.conf.template: the image fills in \${${GATEWAY_KEY_ENV}} at start.
location / {
    auth_request /_signet;
    # Tell your API which key signed the token, and its subject.
    auth_request_set $signet_kid $upstream_http_x_signet_kid;
    auth_request_set $signet_sub $upstream_http_x_signet_sub;
    proxy_set_header X-Signet-Kid $signet_kid;
    proxy_set_header X-Signet-Sub $signet_sub;
    proxy_pass http://my-api:8080;
}

location = /_signet {
    internal;
    set $signet_gateway_key "\${${GATEWAY_KEY_ENV}}";
    proxy_pass ${forwardAuthUrl(target)};${https ? "\n    proxy_ssl_server_name on;" : ""}
    proxy_pass_request_body off;
    proxy_set_header Content-Length "";
    proxy_set_header X-Gateway-Key $signet_gateway_key;
    proxy_set_header Authorization $http_authorization;
    proxy_set_header X-Forwarded-Host $host;
}
`;
}
