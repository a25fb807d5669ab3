"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/** Re-reads the counters (they are written every few seconds) and says so when done. */
export function RefreshButton() {
  const router = useRouter();
  const toast = useToast();
  const [pending, startTransition] = useTransition();
  const started = useRef(false);

  useEffect(() => {
    if (pending) started.current = true;
    else if (started.current) {
      started.current = false;
      toast("Usage updated.");
    }
  }, [pending, toast]);

  return (
    <Button
      type="button"
      variant="secondary"
      className="h-9 py-0"
      disabled={pending}
      onClick={() => startTransition(() => router.refresh())}
      data-testid="usage-refresh"
    >
      {pending ? "Refreshing…" : "Refresh"}
    </Button>
  );
}
