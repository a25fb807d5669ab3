"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { renameProjectAction } from "@/lib/actions/rename-project";

export function RenameProjectForm({ projectId, name, disabled }: { projectId: string; name: string; disabled: boolean }) {
  const [state, action, pending] = useActionState(renameProjectAction, null);
  return (
    <form action={action} className="space-y-3">
      <h2 className="text-base font-semibold">Project name</h2>
      <FormMessage error={state && !state.ok ? state.error : null} success={state?.ok ? state.message : null} />
      <input type="hidden" name="projectId" value={projectId} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <Field label="Name" name="name" defaultValue={name} required maxLength={100} disabled={disabled} />
        </div>
        <Button type="submit" disabled={pending || disabled}>
          {pending ? "Saving…" : "Rename"}
        </Button>
      </div>
    </form>
  );
}
