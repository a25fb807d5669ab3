"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { createProjectAction } from "@/lib/actions/create-project";

export function CreateProjectForm() {
  const router = useRouter();
  const [state, action, pending] = useActionState(createProjectAction, null);
  useEffect(() => {
    if (state?.ok && state.data) router.push(`/projects/${state.data.id}`);
  }, [state, router]);
  return (
    <form action={action} className="space-y-3">
      <h2 className="text-base font-semibold">New project</h2>
      <FormMessage error={state && !state.ok ? state.error : null} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <Field label="Project name" name="name" required maxLength={100} placeholder="e.g. Mainnet RPC" />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create project"}
        </Button>
      </div>
    </form>
  );
}
