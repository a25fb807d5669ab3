"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { deleteProjectAction } from "@/lib/actions/delete-project";

export function DeleteProjectForm({ projectId, name }: { projectId: string; name: string }) {
  const [confirmation, setConfirmation] = useState("");
  const [state, action, pending] = useActionState(deleteProjectAction, null);
  return (
    <form action={action} className="space-y-3">
      <h2 className="text-base font-semibold text-red-800">Delete project</h2>
      <p className="text-sm text-slate-600">
        Deleting removes every key, member and record of this project. Gateways will answer <code>unknown_project</code>{" "}
        within a second. This cannot be undone.
      </p>
      <FormMessage error={state?.error} />
      <input type="hidden" name="projectId" value={projectId} />
      <Field
        label={`Type the project name (${name}) to confirm`}
        name="confirm"
        value={confirmation}
        onChange={(e) => setConfirmation(e.target.value)}
        autoComplete="off"
      />
      <Button type="submit" variant="danger" disabled={pending || confirmation !== name}>
        {pending ? "Deleting…" : "Delete project"}
      </Button>
    </form>
  );
}
