import { revokeAccessTokenAction } from "@/lib/actions/revoke-access-token";
import type { PersonalAccessTokenDto } from "@/lib/auth/personal-access-tokens";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";

const TH = "whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
const TD = "px-3 py-2 align-top";
const STATUS_STYLE = {
  active: "bg-emerald-100 text-emerald-800",
  expired: "bg-amber-100 text-amber-900",
  revoked: "bg-slate-200 text-slate-700",
} as const;

const formatTime = (iso: string | null, none: string) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : none);

/** The caller's personal tokens; only the prefix is ever shown again. Scrolls sideways on narrow screens. */
export function TokensTable({ tokens }: { tokens: PersonalAccessTokenDto[] }) {
  return (
    <div className="relative -mx-5 overflow-x-auto" tabIndex={0} role="region" aria-label="Access tokens (scrolls sideways)">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="tokens-table">
        <caption className="sr-only">Your personal access tokens</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={TH}>Name</th>
            <th scope="col" className={TH}>Token</th>
            <th scope="col" className={TH}>Created</th>
            <th scope="col" className={TH}>Last used</th>
            <th scope="col" className={TH}>Expires</th>
            <th scope="col" className={TH}>Status</th>
            <th scope="col" className={TH}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {tokens.map((token) => (
            <tr key={token.id} data-testid="token-row" data-token-id={token.id}>
              <td className={`${TD} break-all font-medium`}>{token.name}</td>
              <td className={`${TD} whitespace-nowrap font-mono text-xs`} data-testid="token-prefix">
                {token.prefix}…
              </td>
              <td className={`${TD} whitespace-nowrap`}>{formatTime(token.createdAt, "—")}</td>
              <td className={`${TD} whitespace-nowrap`} data-testid="token-last-used">
                {formatTime(token.lastUsedAt, "never")}
              </td>
              <td className={`${TD} whitespace-nowrap`}>{formatTime(token.expiresAt, "never")}</td>
              <td className={TD}>
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[token.status]}`} data-testid="token-status">
                  {token.status === "active" ? "Active" : token.status === "expired" ? "Expired" : "Revoked"}
                </span>
              </td>
              <td className={TD}>
                {token.status === "active" ? (
                  <ConfirmActionButton
                    successMessage="Token revoked."
                    action={revokeAccessTokenAction}
                    fields={{ tokenId: token.id }}
                    label="Revoke"
                    ariaLabel={`Revoke token ${token.name}`}
                    title={`Revoke “${token.name}”?`}
                    description={
                      <>
                        Requests using <code className="font-mono">{token.prefix}…</code> fail with 401 from now on. This
                        cannot be undone.
                      </>
                    }
                    confirmLabel="Revoke token"
                    pendingLabel="Revoking…"
                    testId="revoke-token"
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
