import type { TokenDebugResult } from "@/lib/verify/debug-token";
import type { DecodedPart } from "@/lib/verify/decode-unverified";

function Verdict({ result }: { result: TokenDebugResult }) {
  const { verdict } = result;
  if (verdict.valid) {
    return (
      <div role="status" data-testid="debug-verdict" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        {verdict.enforced ? (
          <>
            <p className="font-semibold">Valid</p>
            <p>
              Signed with key <code className="font-mono">{verdict.kid}</code> ({verdict.alg}). A gateway would let this request through.
            </p>
          </>
        ) : (
          <>
            <p className="font-semibold">Passes without verification</p>
            <p>This project does not enforce tokens (it has never had a key, or enforcement is off), so any request passes.</p>
          </>
        )}
      </div>
    );
  }
  return (
    <div role="status" data-testid="debug-verdict" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p className="font-semibold">Invalid: {verdict.error.reason}</p>
      <p>
        Gateways get <code className="font-mono">{verdict.error.message}</code> (code {verdict.error.code}).
      </p>
      {result.failedKid ? (
        <p>
          Key concerned: <code className="font-mono">{result.failedKid}</code>
        </p>
      ) : null}
    </div>
  );
}

function Part({ title, part, testId }: { title: string; part: DecodedPart; testId: string }) {
  return (
    <div className="min-w-0 space-y-1">
      <h4 className="text-sm font-medium text-slate-800">{title}</h4>
      {part.ok ? (
        <pre data-testid={testId} className="overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
          {part.json}
        </pre>
      ) : (
        <p data-testid={testId} className="text-sm text-red-700">
          {part.error}
        </p>
      )}
    </div>
  );
}

export function DebugResult({ result }: { result: TokenDebugResult }) {
  const { decoded } = result;
  return (
    <section aria-labelledby="debug-result-heading" className="space-y-4" data-testid="debug-result">
      <h3 id="debug-result-heading" className="text-base font-semibold">
        Result
      </h3>
      <Verdict result={result} />
      <div className="space-y-3">
        <p className="text-xs font-medium uppercase tracking-wide text-amber-800" data-testid="unverified-label">
          Decoded without verification — unverified: do not trust these values unless the verdict above is valid.
        </p>
        <div className="grid gap-4 md:grid-cols-2">
          <Part title="Header (unverified)" part={decoded.header} testId="debug-header" />
          <Part title="Payload (unverified)" part={decoded.payload} testId="debug-payload" />
        </div>
        {decoded.times.length ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            {decoded.times.map(({ claim, iso }) => (
              <div key={claim} className="contents">
                <dt className="font-mono text-slate-600">{claim}</dt>
                <dd className="font-mono">{iso}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {decoded.parts !== 3 ? (
          <p className="text-sm text-slate-600">A compact JWS has three dot-separated parts; this token has {decoded.parts}.</p>
        ) : null}
      </div>
    </section>
  );
}
