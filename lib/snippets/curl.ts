import { forwardAuthUrl, GATEWAY_KEY_ENV, verifyUrl, type SignetTarget } from "./snippet-context";

// Calls to the verification API (VERIFY-API.md §2) the way a gateway makes them.

export function curlVerifySnippet(target: SignetTarget): string {
  return `# ${GATEWAY_KEY_ENV}: one of the GATEWAY_KEYS this Signet was started with.
TOKEN=$(node sign-token.mjs)

curl -sS -X POST ${verifyUrl(target)} \\
  -H "Content-Type: application/json" \\
  -H "X-Gateway-Key: $${GATEWAY_KEY_ENV}" \\
  -d "{\\"project\\": \\"${target.projectId}\\", \\"token\\": \\"$TOKEN\\"}"

# {"valid":true,"enforced":true,"projectId":"${target.projectId}","kid":"…","alg":"…","claims":{…}}
`;
}

export function curlForwardAuthSnippet(target: SignetTarget): string {
  return `# The check nginx, Traefik and Envoy make: 200 with X-Signet-Kid, or 401.
curl -sS -i ${forwardAuthUrl(target)} \\
  -H "X-Gateway-Key: $${GATEWAY_KEY_ENV}" \\
  -H "Authorization: Bearer $TOKEN"
`;
}
