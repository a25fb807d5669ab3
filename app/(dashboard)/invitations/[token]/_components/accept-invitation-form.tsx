"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { acceptInvitationAction } from "@/lib/actions/accept-invitation";

/** Accepting joins the project and opens it (the action redirects). */
export function AcceptInvitationForm({ token, projectName }: { token: string; projectName: string }) {
  const [state, action, pending] = useActionState(acceptInvitationAction, null);
  return (
    <form action={action} className="space-y-3">
      <FormMessage error={state && !state.ok ? state.error : null} />
      <input type="hidden" name="token" value={token} />
      <Button type="submit" disabled={pending} aria-label={`Accept the invitation to ${projectName}`}>
        {pending ? "Joining…" : "Accept invitation"}
      </Button>
    </form>
  );
}
