"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { createAccessTokenAction } from "@/lib/actions/create-access-token";
import { CopyButton } from "@/components/ui/copy-button";

const EXPIRY_OPTIONS = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "No expiration" },
];

export function CreateTokenForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, action, pending] = useActionState(createAccessTokenAction, null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const created = state?.ok && state.data && state.data.token !== dismissed ? state.data : null;

  return (
    <div className="space-y-4">
      <form ref={formRef} action={action} className="space-y-3" aria-labelledby="create-token-heading" data-testid="create-token-form">
        <h2 id="create-token-heading" className="text-base font-semibold">
          New access token
        </h2>
        <FormMessage error={state && !state.ok ? state.error : null} />
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="flex-1">
            <Field
              label="Token name"
              name="name"
              id="token-name"
              required
              maxLength={64}
              autoComplete="off"
              placeholder="e.g. CI deploys"
              error={state && !state.ok ? state.fields?.name : undefined}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor="token-expiry" className="block text-sm font-medium text-slate-800">
              Expires after
            </label>
            <select
              id="token-expiry"
              name="expiresInDays"
              defaultValue="90"
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm sm:w-auto"
            >
              {EXPIRY_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create token"}
          </Button>
        </div>
      </form>
      {created ? (
        <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="new-token-panel">
          <p className="font-semibold text-amber-900">Copy your new token “{created.name}” now.</p>
          <p className="text-amber-900">
            This is the only time it is shown: Signet keeps only a hash of it. Store it like a password; anyone who has
            it can act as you in every project you belong to.
          </p>
          <div className="flex items-center gap-2">
            <label htmlFor="new-token" className="sr-only">
              New access token
            </label>
            <input
              id="new-token"
              readOnly
              value={created.token}
              onFocus={(e) => e.currentTarget.select()}
              spellCheck={false}
              className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs"
              data-testid="new-token"
            />
            <CopyButton value={created.token} label="Copy the new access token" testId="copy-new-token" />
          </div>
          <Button type="button" variant="secondary" className="px-2 py-1 text-xs" onClick={() => setDismissed(created.token)}>
            I have copied it
          </Button>
        </div>
      ) : null}
    </div>
  );
}
