import { CopyButton } from "@/components/ui/copy-button";
import type { DataTableColumn } from "@/components/ui/data-table";
import type { KeyStatus, PublicKeyDto } from "@/lib/keys/serialize-public-key";
import { describeKeyType, formatTime, shortFingerprint } from "./key-format";
import { KeyNameCell } from "./key-name-cell";

export type KeyColumn = DataTableColumn<PublicKeyDto>;

const STATUS_BADGES = {
  active: { label: "Active", className: "rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800" },
  revoked: { label: "Revoked", className: "rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700" },
} as const;

function KidCell({ kid }: { kid: string }) {
  return (
    <div className="flex items-center gap-2">
      <code className="whitespace-nowrap font-mono text-xs" data-testid="key-kid">
        {kid}
      </code>
      <CopyButton value={kid} label={`Copy key ID ${kid}`} testId="copy-kid" />
    </div>
  );
}

function FingerprintCell({ fingerprint }: { fingerprint: string }) {
  return (
    <code className="whitespace-nowrap font-mono text-xs" title={fingerprint} data-testid="key-fingerprint">
      <span aria-hidden="true">{shortFingerprint(fingerprint)}</span>
      <span className="sr-only">{fingerprint}</span>
    </code>
  );
}

/** The columns both keys tables show; `status` is the one every row of the table has. */
export function keyColumns({ projectId, canEdit, status }: { projectId: string; canEdit: boolean; status: KeyStatus }) {
  const badge = STATUS_BADGES[status];
  return {
    name: {
      id: "name",
      header: "Name",
      cell: (key) => <KeyNameCell projectId={projectId} kid={key.kid} name={key.name} canEdit={canEdit} />,
    },
    kid: { id: "kid", header: "Key ID (kid)", cell: (key) => <KidCell kid={key.kid} /> },
    type: { id: "type", header: "Type", className: "whitespace-nowrap", cell: (key) => describeKeyType(key) },
    fingerprint: { id: "fingerprint", header: "Fingerprint", cell: (key) => <FingerprintCell fingerprint={key.fingerprint} /> },
    created: {
      id: "created",
      header: "Created",
      className: "whitespace-nowrap",
      cell: (key) => <time dateTime={key.createdAt}>{formatTime(key.createdAt)}</time>,
    },
    status: {
      id: "status",
      header: "Status",
      cell: () => (
        <span className={badge.className} data-testid="key-status">
          {badge.label}
        </span>
      ),
    },
  } satisfies Record<string, KeyColumn>;
}

/** A key's row is found by the table's row test id and the key's kid. */
export const keyRowProps = (testId: string) => (key: PublicKeyDto) => ({ key: key.kid, "data-testid": testId, "data-kid": key.kid });
