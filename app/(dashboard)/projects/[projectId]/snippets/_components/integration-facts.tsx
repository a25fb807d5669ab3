import { CopyButton } from "@/components/ui/copy-button";

/** The values every snippet is filled in with, each copyable on its own. */
export function IntegrationFacts({
  projectId,
  kid,
  keyName,
  origin,
}: {
  projectId: string;
  kid: string | null;
  keyName: string | null;
  origin: string;
}) {
  return (
    <dl className="grid gap-3 text-sm sm:grid-cols-[max-content_1fr] sm:gap-x-6 sm:gap-y-2" data-testid="integration-facts">
      <dt className="font-medium text-slate-700">Project ID</dt>
      <dd className="flex min-w-0 items-center gap-2">
        <code className="break-all font-mono text-xs" data-testid="facts-project-id">
          {projectId}
        </code>
        <CopyButton value={projectId} label="Copy the project ID" />
      </dd>
      <dt className="font-medium text-slate-700">Key ID (kid)</dt>
      <dd className="flex min-w-0 flex-wrap items-center gap-2">
        {kid ? (
          <>
            <code className="break-all font-mono text-xs" data-testid="facts-kid">
              {kid}
            </code>
            <CopyButton value={kid} label="Copy the key ID" />
            <span className="text-xs text-slate-600">{keyName ? `“${keyName}”, ` : ""}the newest active key</span>
          </>
        ) : (
          <span className="text-slate-600" data-testid="facts-no-key">
            No active key yet: the snippets use a placeholder. Add a public key on the Keys tab.
          </span>
        )}
      </dd>
      <dt className="font-medium text-slate-700">Signet URL</dt>
      <dd className="min-w-0">
        <code className="break-all font-mono text-xs" data-testid="facts-origin">
          {origin}
        </code>
        <span className="mt-0.5 block text-xs text-slate-600">
          The address this page was opened at. If your gateways reach Signet at another one (say{" "}
          <code className="font-mono">http://signet:3000</code> on an internal network), use that instead.
        </span>
      </dd>
    </dl>
  );
}
