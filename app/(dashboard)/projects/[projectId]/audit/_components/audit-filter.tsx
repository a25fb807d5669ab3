import type { AuditAction } from "@/lib/audit/record-audit-event";
import { ACTION_LABELS, PROJECT_ACTIONS } from "./audit-format";

/** A plain GET form: works without JavaScript, and the URL keeps the filter. */
export function AuditFilter({ projectId, action }: { projectId: string; action: AuditAction | null }) {
  return (
    <form method="get" action={`/projects/${projectId}/audit`} className="flex flex-wrap items-end gap-2" data-testid="audit-filter">
      <div className="space-y-1">
        <label htmlFor="audit-action" className="block text-sm font-medium text-slate-800">
          Action
        </label>
        <select
          id="audit-action"
          name="action"
          defaultValue={action ?? ""}
          className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
        >
          <option value="">All actions</option>
          {PROJECT_ACTIONS.map((value) => (
            <option key={value} value={value}>
              {ACTION_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        className="rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
      >
        Filter
      </button>
    </form>
  );
}
