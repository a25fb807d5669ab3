import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { listPublicKeys } from "@/lib/keys/public-keys";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { roleAtLeast } from "@/lib/projects/roles";
import { AddKeyForm } from "./_components/add-key-form";
import { KeyGenerationHelp } from "./_components/key-generation-help";
import { KeysTable } from "./_components/keys-table";
import { RevokedKeys } from "./_components/revoked-keys";

export const metadata: Metadata = { title: "Keys" };

export default async function ProjectKeysPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const access = await loadProjectPage(projectId);
  const { keys, activeCount, limit } = await listPublicKeys({ access });
  const canEdit = roleAtLeast(access.role, "admin");
  const active = keys.filter((key) => key.status === "active");
  const revoked = keys.filter((key) => key.status === "revoked");
  const atLimit = activeCount >= limit;
  return (
    <div className="space-y-6">
      <Card className="space-y-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-base font-semibold">Public keys</h2>
          <p className="text-sm text-slate-600" data-testid="key-quota">
            {activeCount} of {limit} active
          </p>
        </div>
        {atLimit ? (
          <p role="status" data-testid="key-limit-reached" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            This project has reached the limit of {limit} active keys. Revoke a key before adding another.
          </p>
        ) : null}
        {!canEdit ? (
          <p className="text-sm text-slate-600" data-testid="viewer-note">
            You are a viewer in this project: you can see its keys but not change them.
          </p>
        ) : null}
        {active.length ? (
          <KeysTable projectId={access.projectId} keys={active} canEdit={canEdit} />
        ) : (
          <div className="space-y-3 rounded-lg border border-dashed border-slate-300 p-4" data-testid="keys-empty">
            <p className="text-sm font-medium">No active keys yet.</p>
            <KeyGenerationHelp />
          </div>
        )}
      </Card>
      {canEdit ? (
        <Card>
          <AddKeyForm projectId={access.projectId} atLimit={atLimit} />
        </Card>
      ) : null}
      {revoked.length ? (
        <Card>
          <RevokedKeys projectId={access.projectId} keys={revoked} canEdit={canEdit} />
        </Card>
      ) : null}
      {active.length ? (
        <Card>
          <details>
            <summary className="cursor-pointer text-sm font-medium">Generate a key pair with openssl</summary>
            <div className="mt-3">
              <KeyGenerationHelp />
            </div>
          </details>
        </Card>
      ) : null}
    </div>
  );
}
