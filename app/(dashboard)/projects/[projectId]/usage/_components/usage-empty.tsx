import Link from "next/link";
import { curlVerifySnippet } from "@/lib/snippets/curl";
import { CodeBlock } from "../../snippets/_components/code-block";

/** Shown until the project's first verification: how a gateway asks Signet about a token. */
export function UsageEmpty({ projectId, origin }: { projectId: string; origin: string }) {
  return (
    <div className="space-y-4 rounded-lg border border-dashed border-slate-300 p-4 sm:p-6" data-testid="usage-empty">
      <div>
        <h3 className="text-base font-semibold">No verifications yet</h3>
        <p className="mt-1 text-sm text-slate-600">
          Counts appear here a few seconds after a gateway asks Signet about a token. A gateway sends{" "}
          <code className="font-mono text-xs">POST /api/internal/verify</code> with this project&apos;s ID and the token, and its
          gateway key in <code className="font-mono text-xs">X-Gateway-Key</code> — or lets nginx, Traefik or Envoy call the
          forward-auth endpoint for it.
        </p>
      </div>
      <CodeBlock id="usage-empty-curl" title="Verify a token with curl" code={curlVerifySnippet({ origin, projectId })} />
      <p className="text-sm">
        <Link href={`/projects/${projectId}/snippets`} className="font-medium text-indigo-700 hover:underline">
          Key generation, signing and gateway configuration →
        </Link>
      </p>
    </div>
  );
}
