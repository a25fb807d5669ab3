"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { useToast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { renamePublicKeyAction } from "@/lib/actions/rename-public-key";

/** The key's name, with an inline rename form for admins. */
export function KeyNameCell({
  projectId,
  kid,
  name,
  canEdit,
}: {
  projectId: string;
  kid: string;
  name: string | null;
  canEdit: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const toast = useToast();
  const renameButton = useRef<HTMLButtonElement>(null);
  const inputId = `rename-${kid}`;

  function stopEditing() {
    setEditing(false);
    setError(null);
    requestAnimationFrame(() => renameButton.current?.focus());
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await renamePublicKeyAction(null, form);
      if (result.ok) {
        stopEditing();
        toast("Key renamed.");
      } else setError(result.error);
    });
  }

  if (editing) {
    return (
      <form onSubmit={onSubmit} className="flex min-w-56 flex-col gap-1" data-testid="rename-key-form">
        <input type="hidden" name="projectId" value={projectId} />
        <input type="hidden" name="kid" value={kid} />
        <label htmlFor={inputId} className="text-xs font-medium text-slate-700">
          New name (empty clears it)
        </label>
        <input
          id={inputId}
          name="name"
          defaultValue={name ?? ""}
          maxLength={64}
          autoFocus
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
          onKeyDown={(e) => {
            if (e.key === "Escape") stopEditing();
          }}
          data-testid="rename-key-input"
          className="rounded-md border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-500"
        />
        {error ? (
          <p id={`${inputId}-error`} role="alert" className="text-xs text-red-700">
            {error}
          </p>
        ) : null}
        <div className="flex gap-1">
          <Button type="submit" disabled={pending} className="px-2 py-1 text-xs" data-testid="rename-key-save">
            {pending ? "Saving…" : "Save"}
          </Button>
          <Button type="button" variant="ghost" onClick={stopEditing} className="px-2 py-1 text-xs">
            Cancel
          </Button>
        </div>
      </form>
    );
  }

  return (
    <div className="flex items-center gap-2">
      <span data-testid="key-name" className={name ? "font-medium" : "italic text-slate-500"}>
        {name ?? "Unnamed"}
      </span>
      {canEdit ? (
        <button
          ref={renameButton}
          type="button"
          onClick={() => setEditing(true)}
          aria-label={`Rename ${name ? `key “${name}”` : `key ${kid}`}`}
          data-testid="rename-key-button"
          className="rounded px-1 text-xs text-indigo-700 hover:underline"
        >
          Rename
        </button>
      ) : null}
    </div>
  );
}
