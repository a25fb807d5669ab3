"use client";

import { useId, useRef, useState, useTransition, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/actions/action-result";

/**
 * A button that opens a confirmation dialog, then runs a server action with `fields`
 * (and any inputs given as `children`, e.g. an optional reason) as its form data.
 */
export function ConfirmActionButton({
  action,
  fields,
  label,
  ariaLabel,
  title,
  description,
  confirmLabel,
  pendingLabel = "Working…",
  testId,
  dialogTestId = testId ? `${testId}-dialog` : undefined,
  confirmTestId = testId ? `${testId}-confirm` : undefined,
  successMessage,
  children,
}: {
  action: (prev: unknown, form: FormData) => Promise<ActionResult<unknown> | undefined>;
  fields: Record<string, string>;
  label: string;
  ariaLabel?: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  testId?: string;
  dialogTestId?: string;
  confirmTestId?: string;
  /** Announced as a toast once the action succeeded. */
  successMessage?: string;
  children?: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const toast = useToast();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await action(null, form);
      if (!result || result.ok) {
        dialog.current?.close();
        if (successMessage) toast(successMessage);
      } else setError(result.error);
    });
  }

  return (
    <>
      <Button
        type="button"
        variant="secondary"
        className="px-2 py-1 text-xs text-red-700"
        aria-label={ariaLabel}
        data-testid={testId}
        onClick={() => {
          setError(null);
          dialog.current?.showModal();
        }}
      >
        {label}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={headingId}
        data-testid={dialogTestId}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form onSubmit={onSubmit} className="space-y-4 p-5">
          <h2 id={headingId} className="text-base font-semibold">
            {title}
          </h2>
          <div className="text-sm text-slate-600">{description}</div>
          <FormMessage error={error} />
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {children}
          <div className="flex flex-wrap justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={pending} data-testid={confirmTestId}>
              {pending ? pendingLabel : confirmLabel}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
