"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { deleteProjectAction } from "@/lib/actions/delete-project";

export function DeleteProjectForm({ projectId, name }: { projectId: string; name: string }) {
  const router = useRouter();
  const [confirmation, setConfirmation] = useState("");
  const [state, action, pending] = useActionState(deleteProjectAction, null);
  useEffect(() => {
    if (state?.ok) router.replace("/projects");
  }, [state, router]);
  return (
    <form action={action} className="space-y-3">
      <h2 className="text-base font-semibold text-red-800">Delete project</h2>
      <p className="text-sm text-slate-600">
        Deleting removes every key, member and record of this project. Gateways will answer <code>unknown_project</code>{" "}
        within a second. This cannot be undone.
      </p>
      <FormMessage error={state && !state.ok ? state.error : null} />
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
