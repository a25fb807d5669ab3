// What each scenario sends and what counts as a right answer.

const JSON_POST = "application/json";

/**
 * What counts as a right answer, made from data (`expect`), so that the paced generator's
 * child process checks answers the same way: `status`; `bodyIncludes` (every part);
 * `header` [name, value] (case-insensitive name: autocannon hands a plain object, node:http
 * a lower-cased one); `json` fields spot-checked in full on one answer in 997.
 */
export function answerCheck(expect) {
  let seen = 0;
  return (status, body, headers) => {
    if (status !== expect.status) return false;
    if (expect.bodyIncludes && !expect.bodyIncludes.every((part) => body.includes(part))) return false;
    if (expect.header) {
      const wanted = expect.header[0].toLowerCase();
      const value = expect.header[1];
      const name = Object.keys(headers ?? {}).find((candidate) => candidate.toLowerCase() === wanted);
      if (name === undefined || headers[name] !== value) return false;
    }
    if (expect.json && ++seen % 997 === 1) {
      try {
        const answer = JSON.parse(body);
        return Object.entries(expect.json).every(([field, value]) => answer[field] === value);
      } catch {
        return false;
      }
    }
    return true;
  };
}

/** A scenario's `check` and the `expect` it is made from. */
const expecting = (expect) => ({ expect, check: answerCheck(expect) });

/**
 * POST {project, token} to `path`. `tokens`: a token stream ({next()}) for distinct tokens,
 * or a string for one repeated token. `expectStatus`: the status that counts as right
 * instead of 200 valid:true (the wrong-gateway-key floor).
 */
export function verifyScenario({ url, path = "/api/internal/verify", gatewayKey, projectId, kid, alg, tokens, expectStatus }) {
  const headers = { "content-type": JSON_POST, "x-gateway-key": gatewayKey };
  // Signet (or the baseline): 200 with valid:true and enforced:true, spot-checked in full.
  const answers = expecting(
    expectStatus ? { status: expectStatus } : { status: 200, bodyIncludes: ['"valid":true', '"enforced":true'], json: { kid, alg, projectId } },
  );
  if (typeof tokens === "string") {
    return { url, method: "POST", path, headers, body: JSON.stringify({ project: projectId, token: tokens }), ...answers };
  }
  const prefix = `{"project":"${projectId}","token":"`;
  return { url, method: "POST", path, headers, nextBody: () => `${prefix}${tokens.next()}"}`, wrk: { tokens: { stream: tokens, prefix, suffix: '"}' } }, ...answers };
}

/** Forward-auth with one repeated token: 200 and X-Signet-Kid = the key's kid. */
export function forwardAuthScenario({ url, gatewayKey, projectId, kid, token }) {
  return {
    url,
    method: "GET",
    path: `/api/internal/forward-auth/${projectId}`,
    headers: { authorization: `Bearer ${token}`, "x-gateway-key": gatewayKey },
    ...expecting({ status: 200, header: ["x-signet-kid", kid] }),
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
    wrk: { tokens: { stream: tokens, header: "Authorization", prefix: "Bearer " } },
    ...expecting({ status: 200 }),
  };
}

/** The framework's per-request floor: Signet's GET /healthz. */
export function healthScenario({ url }) {
  return { url, method: "GET", path: "/healthz", headers: {}, ...expecting({ status: 200 }) };
}
