"use client";

import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { addMemberAction } from "@/lib/actions/add-member";
import { ROLES } from "@/lib/projects/roles";
import { CopyButton } from "@/components/ui/copy-button";
import { ROLE_HINTS, ROLE_LABELS } from "./role-labels";

export function AddMemberForm({ projectId }: { projectId: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, action, pending] = useActionState(addMemberAction, null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const added = state?.ok && state.data?.result === "added" ? state.data : null;
  const invited = state?.ok && state.data?.result === "invited" ? state.data : null;

  return (
    <div className="space-y-4">
      <form ref={formRef} action={action} className="space-y-3" aria-labelledby="add-member-heading" data-testid="add-member-form">
        <div>
          <h2 id="add-member-heading" className="text-base font-semibold">
            Add a member
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Someone with a Signet account here joins at once. For anyone else you get an invitation link to send them.
          </p>
        </div>
        <FormMessage error={state && !state.ok ? state.error : null} />
        <input type="hidden" name="projectId" value={projectId} />
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="flex-1">
            <Field
              label="Email"
              name="email"
              id="member-email"
              type="email"
              required
              maxLength={254}
              autoComplete="off"
              error={state && !state.ok ? state.fields?.email : undefined}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor="member-role" className="block text-sm font-medium text-slate-800">
              Role
            </label>
            <select
              id="member-role"
              name="role"
              defaultValue="viewer"
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm sm:w-auto"
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]} — {ROLE_HINTS[role]}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" disabled={pending}>
            {pending ? "Adding…" : "Add member"}
          </Button>
        </div>
      </form>
      {added ? (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Added {added.email} as {ROLE_LABELS[added.role].toLowerCase()}.
        </p>
      ) : null}
      {invited ? <InviteLink email={invited.email} role={ROLE_LABELS[invited.role]} invitePath={invited.invitePath} /> : null}
    </div>
  );
}

/** The one-time invitation link, shown right after it is made: Signet keeps only its hash. */
function InviteLink({ email, role, invitePath }: { email: string; role: string; invitePath: string }) {
  const url = typeof window === "undefined" ? invitePath : new URL(invitePath, window.location.origin).toString();
  return (
    <div role="status" className="space-y-2 rounded-md border border-indigo-200 bg-indigo-50 p-3 text-sm" data-testid="invite-link-panel">
      <p className="font-medium text-indigo-900">
        {email} has no account here yet: send them this invitation link ({role.toLowerCase()}).
      </p>
      <div className="flex items-center gap-2">
        <label htmlFor="invite-link" className="sr-only">
          Invitation link
        </label>
        <input
          id="invite-link"
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs"
          data-testid="invite-link"
        />
        <CopyButton value={url} label="Copy invitation link" testId="copy-invite-link" />
      </div>
      <p className="text-indigo-900">
        They should sign up (or sign in) with <strong className="break-all">{email}</strong>, then open this link again and
        accept. It works once, for 7 days, and is shown only now.
      </p>
    </div>
  );
}
