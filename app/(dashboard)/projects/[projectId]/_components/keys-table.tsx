import type { PublicKeyDto } from "@/lib/keys/serialize-public-key";
import { CopyButton } from "@/components/ui/copy-button";
import { describeKeyType, formatTime, keyLabel, shortFingerprint } from "./key-format";
import { KeyNameCell } from "./key-name-cell";
import { RevokeKeyButton } from "./revoke-key-button";

const TH = "whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
const TD = "px-3 py-2 align-top";

export function KidCell({ kid }: { kid: string }) {
  return (
    <div className="flex items-center gap-2">
      <code className="whitespace-nowrap font-mono text-xs" data-testid="key-kid">
        {kid}
      </code>
      <CopyButton value={kid} label={`Copy key ID ${kid}`} testId="copy-kid" />
    </div>
  );
}

export function FingerprintCell({ fingerprint }: { fingerprint: string }) {
  return (
    <code className="whitespace-nowrap font-mono text-xs" title={fingerprint} data-testid="key-fingerprint">
      <span aria-hidden="true">{shortFingerprint(fingerprint)}</span>
      <span className="sr-only">{fingerprint}</span>
    </code>
  );
}

/** The project's active keys; scrolls sideways on narrow screens. */
export function KeysTable({ projectId, keys, canEdit }: { projectId: string; keys: PublicKeyDto[]; canEdit: boolean }) {
  return (
    <div className="relative -mx-5 overflow-x-auto" tabIndex={0} role="region" aria-label="Active keys (scrolls sideways)">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="keys-table">
        <caption className="sr-only">Active public keys</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={TH}>Name</th>
            <th scope="col" className={TH}>Key ID (kid)</th>
            <th scope="col" className={TH}>Type</th>
            <th scope="col" className={TH}>Algorithms</th>
            <th scope="col" className={TH}>Fingerprint</th>
            <th scope="col" className={TH}>Created</th>
            <th scope="col" className={TH}>Last used</th>
            <th scope="col" className={TH}>Status</th>
            {canEdit ? (
              <th scope="col" className={TH}>
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => (
            <tr key={key.kid} data-testid="key-row" data-kid={key.kid}>
              <td className={TD}>
                <KeyNameCell projectId={projectId} kid={key.kid} name={key.name} canEdit={canEdit} />
              </td>
              <td className={TD}>
                <KidCell kid={key.kid} />
              </td>
              <td className={`${TD} whitespace-nowrap`}>{describeKeyType(key)}</td>
              <td className={`${TD} font-mono text-xs`}>{key.algorithms.join(", ")}</td>
              <td className={TD}>
                <FingerprintCell fingerprint={key.fingerprint} />
              </td>
              <td className={`${TD} whitespace-nowrap`}>
                <time dateTime={key.createdAt}>{formatTime(key.createdAt)}</time>
              </td>
              <td className={`${TD} whitespace-nowrap`} data-testid="key-last-used">
                {key.lastUsedAt ? <time dateTime={key.lastUsedAt}>{formatTime(key.lastUsedAt)}</time> : "never"}
              </td>
              <td className={TD}>
                <span
                  className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800"
                  data-testid="key-status"
                >
                  Active
                </span>
              </td>
              {canEdit ? (
                <td className={TD}>
                  <RevokeKeyButton projectId={projectId} kid={key.kid} label={keyLabel(key)} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
