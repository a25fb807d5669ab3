"use client";

import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";

export interface KeyOption {
  kid: string;
  label: string;
}

/** Narrows the usage page to one key; the choice lives in the URL (?kid=), so it can be shared. */
export function KeySelect({ options, selected, range }: { options: KeyOption[]; selected: string | null; range: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();

  function choose(kid: string) {
    const query = new URLSearchParams({ range, ...(kid ? { kid } : {}) });
    startTransition(() => router.replace(`${pathname}?${query}`, { scroll: false }));
  }

  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor="usage-key" className="text-xs font-medium text-slate-600">
        Key
      </label>
      <select
        id="usage-key"
        key={selected ?? ""}
        defaultValue={selected ?? ""}
        onChange={(event) => choose(event.target.value)}
        aria-busy={pending || undefined}
        data-testid="usage-key-select"
        className="h-9 w-full min-w-0 max-w-xs rounded-md border border-slate-300 bg-white px-2 text-sm shadow-sm sm:w-64"
      >
        <option value="">All keys</option>
        {options.map((option) => (
          <option key={option.kid} value={option.kid}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
