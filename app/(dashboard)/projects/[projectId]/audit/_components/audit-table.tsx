import type { AuditEventDto } from "@/lib/audit/list-audit-events";
import { actionLabel, describeTarget, formatEventTime } from "./audit-format";

const TH = "whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
const TD = "px-3 py-2 align-top";

/** One page of audit events, newest first; scrolls sideways on narrow screens. */
export function AuditTable({ events }: { events: AuditEventDto[] }) {
  return (
    <div className="-mx-5 overflow-x-auto" tabIndex={0} role="region" aria-label="Audit events (scrolls sideways)">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="audit-table">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={TH}>Time</th>
            <th scope="col" className={TH}>Actor</th>
            <th scope="col" className={TH}>Action</th>
            <th scope="col" className={TH}>Target</th>
            <th scope="col" className={TH}>IP address</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {events.map((event) => {
            const target = describeTarget(event);
            return (
              <tr key={event.id} data-testid="audit-row" data-action={event.action}>
                <td className={`${TD} whitespace-nowrap`}>
                  <time dateTime={event.at}>{formatEventTime(event.at)}</time>
                </td>
                <td className={`${TD} break-all`} data-testid="audit-actor">
                  {event.actor?.email ?? <span className="italic text-slate-500">system</span>}
                </td>
                <td className={`${TD} whitespace-nowrap font-medium`} data-testid="audit-action">
                  {actionLabel(event)}
                </td>
                <td className={TD} data-testid="audit-target">
                  <span className="break-all">{target.label}</span>
                  {target.detail ? <span className="block break-all text-xs text-slate-500">{target.detail}</span> : null}
                </td>
                <td className={`${TD} whitespace-nowrap font-mono text-xs`} data-testid="audit-ip">
                  {event.ip ?? "—"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
