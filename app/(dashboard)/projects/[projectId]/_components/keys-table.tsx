import { DataTable } from "@/components/ui/data-table";
import type { PublicKeyDto } from "@/lib/keys/serialize-public-key";
import { formatTime, keyLabel } from "./key-format";
import { keyColumns, keyRowProps, type KeyColumn } from "./key-columns";
import { RevokeKeyButton } from "./revoke-key-button";

const ALGORITHMS: KeyColumn = {
  id: "algorithms",
  header: "Algorithms",
  className: "font-mono text-xs",
  cell: (key) => key.algorithms.join(", "),
};

const LAST_USED: KeyColumn = {
  id: "last-used",
  header: "Last used",
  className: "whitespace-nowrap",
  testId: "key-last-used",
  cell: (key) => (key.lastUsedAt ? <time dateTime={key.lastUsedAt}>{formatTime(key.lastUsedAt)}</time> : "never"),
};

/** The project's active keys; scrolls sideways on narrow screens. */
export function KeysTable({ projectId, keys, canEdit }: { projectId: string; keys: PublicKeyDto[]; canEdit: boolean }) {
  const { name, kid, type, fingerprint, created, status } = keyColumns({ projectId, canEdit, status: "active" });
  const columns: KeyColumn[] = [name, kid, type, ALGORITHMS, fingerprint, created, LAST_USED, status];
  if (canEdit) {
    columns.push({
      id: "actions",
      header: <span className="sr-only">Actions</span>,
      cell: (key) => <RevokeKeyButton projectId={projectId} kid={key.kid} label={keyLabel(key)} />,
    });
  }
  return (
    <DataTable
      label="Active keys (scrolls sideways)"
      caption="Active public keys"
      testId="keys-table"
      columns={columns}
      rows={keys}
      rowProps={keyRowProps("key-row")}
    />
  );
}
