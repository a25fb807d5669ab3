// What each scenario sends and what counts as a right answer.

const JSON_POST = "application/json";

/** Signet (or the baseline) POST verify: 200 with valid:true and enforced:true, spot-checked in full. */
function verifyCheck(expected) {
  let seen = 0;
  return (status, body) => {
    if (status !== 200 || !body.includes('"valid":true') || !body.includes('"enforced":true')) return false;
    if (++seen % 997 !== 1) return true;
    try {
      const answer = JSON.parse(body);
      return answer.kid === expected.kid && answer.alg === expected.alg && answer.projectId === expected.projectId;
    } catch {
      return false;
    }
  };
}

/**
 * POST {project, token} to `path`. `tokens`: a token stream ({next()}) for distinct tokens,
 * or a string for one repeated token. `expectStatus`: the status that counts as right
 * instead of 200 valid:true (the wrong-gateway-key floor).
 */
export function verifyScenario({ url, path = "/api/internal/verify", gatewayKey, projectId, kid, alg, tokens, expectStatus }) {
  const headers = { "content-type": JSON_POST, "x-gateway-key": gatewayKey };
  const check = expectStatus ? (status) => status === expectStatus : verifyCheck({ kid, alg, projectId });
  if (typeof tokens === "string") {
    return { url, method: "POST", path, headers, body: JSON.stringify({ project: projectId, token: tokens }), check };
  }
  return { url, method: "POST", path, headers, nextBody: () => `{"project":"${projectId}","token":"${tokens.next()}"}`, check };
}

/** Forward-auth with one repeated token: 200 and X-Signet-Kid = the key's kid. */
export function forwardAuthScenario({ url, gatewayKey, projectId, kid, token }) {
  return {
    url,
    method: "GET",
    path: `/api/internal/forward-auth/${projectId}`,
    headers: { authorization: `Bearer ${token}`, "x-gateway-key": gatewayKey },
    check: (status, _body, headers) => {
      if (status !== 200) return false;
      // autocannon hands a plain object (node:http a lower-cased one): compare case-insensitively.
      for (const name in headers) if (name.toLowerCase() === "x-signet-kid") return headers[name] === kid;
      return false;
    },
  };
}

/** HAProxy: the token in `Authorization: Bearer`, 200 when jwt_verify returned 1. */
export function bearerScenario({ url, tokens }) {
  return {
    url,
    method: "GET",
    path: "/verify",
    headers: {},
    nextHeaders: () => ({ authorization: `Bearer ${tokens.next()}` }),
    check: (status) => status === 200,
  };
}

/** The framework's per-request floor: Signet's GET /healthz. */
export function healthScenario({ url }) {
  return { url, method: "GET", path: "/healthz", headers: {}, check: (status) => status === 200 };
}
