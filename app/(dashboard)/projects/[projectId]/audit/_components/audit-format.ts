import type { AuditEventDto } from "@/lib/audit/list-audit-events";
import type { AuditAction } from "@/lib/audit/record-audit-event";

export const ACTION_LABELS: Record<AuditAction, string> = {
  "user.signed_in": "Signed in",
  "project.created": "Project created",
  "project.renamed": "Project renamed",
  "project.deleted": "Project deleted",
  "project.policy_changed": "Token policy changed",
  "member.added": "Member added",
  "member.removed": "Member removed",
  "member.role_changed": "Member role changed",
  "invitation.created": "Invitation sent",
  "invitation.accepted": "Invitation accepted",
  "invitation.revoked": "Invitation revoked",
  "key.added": "Key added",
  "key.renamed": "Key renamed",
  "key.revoked": "Key revoked",
  "token.created": "Access token created",
  "token.revoked": "Access token revoked",
};

/** The actions a project's log can hold (the others are recorded without a project). */
export const PROJECT_ACTIONS: AuditAction[] = [
  "project.created",
  "project.renamed",
  "project.policy_changed",
  "key.added",
  "key.renamed",
  "key.revoked",
  "member.added",
  "member.role_changed",
  "member.removed",
  "invitation.created",
  "invitation.accepted",
  "invitation.revoked",
];

export const isAuditAction = (value: unknown): value is AuditAction =>
  typeof value === "string" && Object.hasOwn(ACTION_LABELS, value);

export function actionLabel(event: Pick<AuditEventDto, "action" | "metadata">): string {
  if (event.action === "member.removed" && meta(event).left === true) return "Member left";
  return isAuditAction(event.action) ? ACTION_LABELS[event.action] : event.action;
}

/** "2025-11-23 15:04:05 UTC": rendered on the server, the same for everyone. */
export const formatEventTime = (iso: string) => `${iso.slice(0, 19).replace("T", " ")} UTC`;

function meta(event: Pick<AuditEventDto, "metadata">): Record<string, unknown> {
  const value = event.metadata;
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const quoted = (value: unknown) => (typeof value === "string" && value ? `“${value}”` : null);
const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : null);

/** What the event was about, in words: the target and, where it helps, what changed. */
export function describeTarget(event: Pick<AuditEventDto, "action" | "target" | "metadata">): { label: string; detail: string | null } {
  const m = meta(event);
  const type = event.target?.type;
  const id = event.target?.id ?? "";
  switch (type) {
    case "project":
      if (event.action === "project.renamed") return { label: "Project", detail: `${quoted(m.from) ?? "?"} → ${quoted(m.to) ?? "?"}` };
      if (event.action === "project.policy_changed") {
        const changes = m.changes && typeof m.changes === "object" ? Object.keys(m.changes) : [];
        return { label: "Token policy", detail: changes.length ? `changed: ${changes.join(", ")}` : null };
      }
      return { label: quoted(m.name) ?? "Project", detail: null };
    case "public_key": {
      const label = quoted(m.name) ?? quoted(m.to) ?? `Key ${id.slice(0, 8)}…`;
      if (event.action === "key.renamed") return { label: `Key ${id.slice(0, 8)}…`, detail: `${quoted(m.from) ?? "unnamed"} → ${quoted(m.to) ?? "unnamed"}` };
      if (event.action === "key.revoked" && text(m.reason)) return { label, detail: `reason: ${text(m.reason)}` };
      return { label, detail: `kid ${id}` };
    }
    case "user":
      if (event.action === "member.role_changed") return { label: text(m.email) ?? id, detail: `${text(m.from)} → ${text(m.to)}` };
      return { label: text(m.email) ?? id, detail: text(m.role) ? `as ${text(m.role)}` : null };
    case "invitation":
      return { label: text(m.email) ?? id, detail: text(m.role) ? `as ${text(m.role)}` : null };
    default:
      return { label: type ? `${type} ${id}` : "—", detail: null };
  }
}
