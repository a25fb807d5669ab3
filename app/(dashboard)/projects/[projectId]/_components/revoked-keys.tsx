import { DataTable } from "@/components/ui/data-table";
import type { PublicKeyDto } from "@/lib/keys/serialize-public-key";
import { formatTime } from "./key-format";
import { keyColumns, keyRowProps, type KeyColumn } from "./key-columns";

const LAST_USED: KeyColumn = { id: "last-used", header: "Last used", className: "whitespace-nowrap", cell: (key) => formatTime(key.lastUsedAt) };

const REVOKED_AT: KeyColumn = {
  id: "revoked-at",
  header: "Revoked",
  className: "whitespace-nowrap",
  testId: "key-revoked-at",
  cell: (key) => <time dateTime={key.revokedAt ?? undefined}>{formatTime(key.revokedAt)}</time>,
};

const REASON: KeyColumn = {
  id: "reason",
  header: "Reason",
  className: "min-w-40 break-words",
  testId: "key-revoke-reason",
  cell: (key) => key.revokeReason ?? <span className="text-slate-400">—</span>,
};

/** Revoked keys stay listed: they never verify again, but their history is kept. */
export function RevokedKeys({ projectId, keys, canEdit }: { projectId: string; keys: PublicKeyDto[]; canEdit: boolean }) {
  const { name, kid, type, fingerprint, created, status } = keyColumns({ projectId, canEdit, status: "revoked" });
  return (
    <div className="space-y-3" data-testid="revoked-keys">
      <div>
        <h2 className="text-base font-semibold">Revoked keys</h2>
        <p className="mt-1 text-sm text-slate-600">These keys never verify again; they stay here as history.</p>
      </div>
      <DataTable
        label="Revoked keys (scrolls sideways)"
        caption="Revoked public keys"
        columns={[name, kid, type, fingerprint, created, LAST_USED, REVOKED_AT, REASON, status]}
        rows={keys}
        rowProps={keyRowProps("revoked-key-row")}
      />
    </div>
  );
}
