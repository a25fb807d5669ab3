"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";

// A page failed on the server (the dashboard layout included): most often the database is out
// of reach.
// Production hides the cause from the browser; the server log has it under this digest.
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    document.title = "Temporarily unavailable · Signet";
  }, []);
  return (
    <div role="alert" className="mx-auto max-w-lg space-y-4 rounded-lg border border-amber-200 bg-amber-50 p-6 text-amber-950">
      <h1 className="text-lg font-semibold">This page could not be loaded</h1>
      <p className="text-sm">
        Signet could not reach its database, or something else failed on the server. Gateways keep verifying tokens of
        projects already in memory, and the dashboard comes back by itself once the database answers again.
      </p>
      {error.digest ? (
        <p className="text-xs">
          Reference for the server logs: <code className="font-mono">{error.digest}</code>
        </p>
      ) : null}
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
