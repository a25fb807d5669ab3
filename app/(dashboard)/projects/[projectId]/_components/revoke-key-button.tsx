"use client";

import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { revokePublicKeyAction } from "@/lib/actions/revoke-public-key";

/** "Revoke" opens a confirmation dialog that names the key and takes an optional reason. */
export function RevokeKeyButton({ projectId, kid, label }: { projectId: string; kid: string; label: string }) {
  return (
    <ConfirmActionButton
      action={revokePublicKeyAction}
      fields={{ projectId, kid }}
      label="Revoke"
      ariaLabel={`Revoke ${label}`}
      title={`Revoke ${label}?`}
      description={
        <p>
          Tokens signed with this key stop verifying at once. Revocation is permanent: the key stays listed as history but
          can never be used again. Key ID <code className="break-all font-mono text-xs">{kid}</code>.
        </p>
      }
      confirmLabel="Revoke key"
      pendingLabel="Revoking…"
      successMessage={`${label} revoked.`}
      testId="revoke-key-button"
      dialogTestId="revoke-dialog"
      confirmTestId="confirm-revoke"
    >
      <div className="space-y-1">
        <label htmlFor={`revoke-reason-${kid}`} className="block text-sm font-medium text-slate-800">
          Reason (optional)
        </label>
        <textarea
          id={`revoke-reason-${kid}`}
          name="reason"
          rows={2}
          maxLength={500}
          data-testid="revoke-reason"
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          placeholder="e.g. laptop lost"
        />
      </div>
    </ConfirmActionButton>
  );
}
