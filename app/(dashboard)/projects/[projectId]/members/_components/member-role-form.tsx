"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { changeMemberRoleAction } from "@/lib/actions/change-member-role";
import { ROLES, type Role } from "@/lib/projects/roles";
import { ROLE_LABELS } from "./role-labels";

/** An owner's role picker for one member; saved with an explicit button so arrow keys never submit. */
export function MemberRoleForm({ projectId, userId, email, role }: { projectId: string; userId: string; email: string; role: Role }) {
  const [state, action, pending] = useActionState(changeMemberRoleAction, null);
  const selectId = `role-${userId}`;
  const errorId = `${selectId}-error`;
  return (
    <form action={action} className="flex flex-wrap items-center gap-2" data-testid="member-role-form">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={selectId} className="sr-only">
        Role for {email}
      </label>
      <select
        id={selectId}
        name="role"
        defaultValue={role}
        aria-invalid={state && !state.ok ? true : undefined}
        aria-describedby={state && !state.ok ? errorId : undefined}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        data-testid="member-role-select"
      >
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {ROLE_LABELS[option]}
          </option>
        ))}
      </select>
      <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" disabled={pending} aria-label={`Save role for ${email}`}>
        {pending ? "Saving…" : "Save"}
      </Button>
      {state && !state.ok ? (
        <p id={errorId} role="alert" className="basis-full text-xs text-red-700">
          {state.error}
        </p>
      ) : null}
      {state?.ok ? (
        <p role="status" className="basis-full text-xs text-emerald-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
