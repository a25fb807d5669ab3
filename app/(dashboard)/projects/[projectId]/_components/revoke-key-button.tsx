"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { revokePublicKeyAction } from "@/lib/actions/revoke-public-key";

/** "Revoke" opens a confirmation dialog that names the key and takes an optional reason. */
export function RevokeKeyButton({ projectId, kid, label }: { projectId: string; kid: string; label: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const headingId = `revoke-heading-${kid}`;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await revokePublicKeyAction(null, form);
      if (result.ok) dialog.current?.close();
      else setError(result.error);
    });
  }

  return (
    <>
      <Button
        type="button"
        variant="secondary"
        className="px-2 py-1 text-xs text-red-700"
        onClick={() => {
          setError(null);
          dialog.current?.showModal();
        }}
        aria-label={`Revoke ${label}`}
        data-testid="revoke-key-button"
      >
        Revoke
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={headingId}
        data-testid="revoke-dialog"
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form onSubmit={onSubmit} className="space-y-4 p-5">
          <h2 id={headingId} className="text-base font-semibold">
            Revoke {label}?
          </h2>
          <p className="text-sm text-slate-600">
            Tokens signed with this key stop verifying at once. Revocation is permanent: the key stays listed as history
            but can never be used again. Key ID <code className="break-all font-mono text-xs">{kid}</code>.
          </p>
          <FormMessage error={error} />
          <input type="hidden" name="projectId" value={projectId} />
          <input type="hidden" name="kid" value={kid} />
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
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={pending} data-testid="confirm-revoke">
              {pending ? "Revoking…" : "Revoke key"}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
