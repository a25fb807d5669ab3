import type { PublicKeyDto } from "@/lib/keys/serialize-public-key";
import { describeKeyType, formatTime } from "./key-format";
import { KeyNameCell } from "./key-name-cell";
import { FingerprintCell, KidCell } from "./keys-table";

const TH = "whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
const TD = "px-3 py-2 align-top";

/** Revoked keys stay listed: they never verify again, but their history is kept. */
export function RevokedKeys({ projectId, keys, canEdit }: { projectId: string; keys: PublicKeyDto[]; canEdit: boolean }) {
  return (
    <div className="space-y-3" data-testid="revoked-keys">
      <div>
        <h2 className="text-base font-semibold">Revoked keys</h2>
        <p className="mt-1 text-sm text-slate-600">These keys never verify again; they stay here as history.</p>
      </div>
      <div className="relative -mx-5 overflow-x-auto" tabIndex={0} role="region" aria-label="Revoked keys (scrolls sideways)">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Revoked public keys</caption>
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className={TH}>Name</th>
              <th scope="col" className={TH}>Key ID (kid)</th>
              <th scope="col" className={TH}>Type</th>
              <th scope="col" className={TH}>Fingerprint</th>
              <th scope="col" className={TH}>Created</th>
              <th scope="col" className={TH}>Last used</th>
              <th scope="col" className={TH}>Revoked</th>
              <th scope="col" className={TH}>Reason</th>
              <th scope="col" className={TH}>Status</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.map((key) => (
              <tr key={key.kid} data-testid="revoked-key-row" data-kid={key.kid}>
                <td className={TD}>
                  <KeyNameCell projectId={projectId} kid={key.kid} name={key.name} canEdit={canEdit} />
                </td>
                <td className={TD}>
                  <KidCell kid={key.kid} />
                </td>
                <td className={`${TD} whitespace-nowrap`}>{describeKeyType(key)}</td>
                <td className={TD}>
                  <FingerprintCell fingerprint={key.fingerprint} />
                </td>
                <td className={`${TD} whitespace-nowrap`}>
                  <time dateTime={key.createdAt}>{formatTime(key.createdAt)}</time>
                </td>
                <td className={`${TD} whitespace-nowrap`}>{formatTime(key.lastUsedAt)}</td>
                <td className={`${TD} whitespace-nowrap`} data-testid="key-revoked-at">
                  <time dateTime={key.revokedAt ?? undefined}>{formatTime(key.revokedAt)}</time>
                </td>
                <td className={`${TD} min-w-40 break-words`} data-testid="key-revoke-reason">
                  {key.revokeReason ?? <span className="text-slate-400">—</span>}
                </td>
                <td className={TD}>
                  <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700" data-testid="key-status">
                    Revoked
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
