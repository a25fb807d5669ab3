"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";

export type ToastTone = "success" | "error" | "info";
export type ShowToast = (message: string, options?: { tone?: ToastTone }) => void;

interface ToastItem {
  id: number;
  message: string;
  tone: ToastTone;
}

const ToastContext = createContext<ShowToast | null>(null);
const VISIBLE_MS = 5_000;
const MAX_TOASTS = 3;
const noop: ShowToast = () => {};

const TONES: Record<ToastTone, { box: string; mark: string; label: string }> = {
  success: { box: "border-emerald-200", mark: "bg-emerald-500", label: "Done" },
  error: { box: "border-red-200", mark: "bg-red-500", label: "Error" },
  info: { box: "border-slate-200", mark: "bg-indigo-500", label: "Note" },
};

/** `toast("Key revoked")` from any client component under a ToastProvider (a no-op outside one). */
export function useToast(): ShowToast {
  return useContext(ToastContext) ?? noop;
}

/**
 * Short confirmations of completed actions, announced by a polite live region that is always in
 * the page (a region added together with its text is not read out). Nested providers reuse the
 * outer one, so a page can wrap itself before the layout does.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const outer = useContext(ToastContext);
  return outer ? <>{children}</> : <ToastRoot>{children}</ToastRoot>;
}

function ToastRoot({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)), []);
  const show = useCallback<ShowToast>((message, options) => {
    const toast = { id: nextId.current++, message, tone: options?.tone ?? "success" };
    // The same message again replaces the earlier one (and restarts its time) instead of stacking.
    setToasts((list) => [...list.filter((t) => t.message !== toast.message || t.tone !== toast.tone), toast].slice(-MAX_TOASTS));
  }, []);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div
        role="status"
        aria-live="polite"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end"
        data-testid="toasts"
      >
        {toasts.map((toast) => (
          <Toast key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function Toast({ toast, onDismiss }: { toast: ToastItem; onDismiss: (id: number) => void }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(toast.id), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [paused, toast.id, onDismiss]);
  const tone = TONES[toast.tone];

  return (
    <div
      className={`pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-lg border bg-white px-4 py-3 text-sm text-slate-800 shadow-lg ${tone.box}`}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      data-testid="toast"
      data-tone={toast.tone}
    >
      <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${tone.mark}`} />
      <p className="min-w-0 flex-1 break-words">
        <span className="sr-only">{tone.label}: </span>
        {toast.message}
      </p>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        aria-label="Dismiss notification"
        className="-my-1 -mr-2 rounded px-2 py-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800"
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
