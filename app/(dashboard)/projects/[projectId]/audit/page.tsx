import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { listAuditEvents, type AuditEventPage } from "@/lib/audit/list-audit-events";
import { isAppError } from "@/lib/errors";
import { loadProjectPage, type ProjectPageProps } from "@/lib/projects/load-project-page";
import { AuditFilter } from "./_components/audit-filter";
import { isAuditAction } from "./_components/audit-format";
import { AuditTable } from "./_components/audit-table";

export const metadata: Metadata = { title: "Audit log" };

const LINK = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50";

export default async function ProjectAuditPage({ params, searchParams }: ProjectPageProps) {
  const { projectId } = await params;
  const query = await searchParams;
  const access = await loadProjectPage(projectId);
  const action = isAuditAction(query.action) ? query.action : null;
  const cursor = typeof query.cursor === "string" && query.cursor ? query.cursor : null;

  let page: AuditEventPage | null = null;
  try {
    page = await listAuditEvents({ access, cursor, action });
  } catch (error) {
    if (!isAppError(error) || (error.code !== "bad_request" && error.code !== "validation_failed")) throw error;
  }

  const base = `/projects/${access.projectId}/audit`;
  const withQuery = (extra: Record<string, string>) => {
    const search = new URLSearchParams({ ...(action ? { action } : {}), ...extra }).toString();
    return search ? `${base}?${search}` : base;
  };

  return (
    <Card className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-base font-semibold">Audit log</h2>
          <p className="mt-1 text-sm text-slate-600">Who changed what in this project, newest first.</p>
        </div>
        <AuditFilter projectId={access.projectId} action={action} />
      </div>
      {!page ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          This page link is not valid any more. <Link href={withQuery({})} className="font-medium underline">Show the newest events</Link>.
        </p>
      ) : page.events.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600" data-testid="audit-empty">
          {action || cursor ? "No events match." : "No events yet."}
        </p>
      ) : (
        <AuditTable events={page.events} />
      )}
      <nav aria-label="Audit log pages" className="flex flex-wrap justify-between gap-2">
        {cursor ? (
          <Link href={withQuery({})} className={LINK}>
            ← Newest events
          </Link>
        ) : (
          <span />
        )}
        {page?.nextCursor ? (
          <Link href={withQuery({ cursor: page.nextCursor })} className={LINK} data-testid="older-events">
            Older events →
          </Link>
        ) : null}
      </nav>
    </Card>
  );
}
