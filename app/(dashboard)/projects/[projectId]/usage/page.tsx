import type { Metadata } from "next";
import { headers } from "next/headers";
import { Card } from "@/components/ui/card";
import { ToastProvider } from "@/components/ui/toast";
import { isAppError } from "@/lib/errors";
import { loadProjectPage, type ProjectPageProps } from "@/lib/projects/load-project-page";
import { originFromHeaders } from "@/lib/snippets/origin";
import { getUsageReport, type UsageReport } from "@/lib/usage/usage-report";
import { isUsageRange } from "@/lib/usage/usage-window";
import { BucketTable } from "./_components/bucket-table";
import { ChartLegend } from "./_components/chart-legend";
import { KeySelect } from "./_components/key-select";
import { KeyUsageTable } from "./_components/key-usage-table";
import { RangeToggle } from "./_components/range-toggle";
import { RefreshButton } from "./_components/refresh-button";
import { UsageChart } from "./_components/usage-chart";
import { UsageEmpty } from "./_components/usage-empty";
import { RANGE_LABELS, shortKid } from "./_components/usage-format";
import { UsageStats } from "./_components/usage-stats";
import { UsageTotalsTable } from "./_components/usage-totals-table";

export const metadata: Metadata = { title: "Usage" };

export default async function ProjectUsagePage({ params, searchParams }: ProjectPageProps) {
  const { projectId } = await params;
  const query = await searchParams;
  const access = await loadProjectPage(projectId);
  const range = isUsageRange(query.range) ? query.range : "24h";
  const requestedKid = typeof query.kid === "string" && query.kid ? query.kid : null;

  let report: UsageReport;
  let keyNotFound = false;
  try {
    report = await getUsageReport({ access, range, kid: requestedKid });
  } catch (error) {
    if (!isAppError(error) || !["not_found", "validation_failed"].includes(error.code)) throw error;
    keyNotFound = true;
    report = await getUsageReport({ access, range });
  }

  const basePath = `/projects/${access.projectId}/usage`;
  const selectedKey = report.keys.find((key) => key.kid === report.kid) ?? null;
  const scope = selectedKey ? `key ${selectedKey.name ? `“${selectedKey.name}”` : shortKid(selectedKey.kid)}` : "all keys";
  const period = RANGE_LABELS[report.range];
  const unit = report.granularity === "hour" ? "hour" : "day";
  const origin = report.hasAnyUsage ? null : originFromHeaders(await headers());

  return (
    <ToastProvider>
      <div className="space-y-6">
        <Card className="space-y-5">
          <div className="flex flex-wrap items-end justify-between gap-x-4 gap-y-3">
            <div className="min-w-0">
              <h2 className="text-base font-semibold">Usage</h2>
              <p className="mt-1 text-sm text-slate-600">
                Verifications answered for this project, valid and failed by reason. Times in UTC; new counts arrive within a few
                seconds.
              </p>
            </div>
            <RefreshButton />
          </div>
          <div className="flex flex-wrap items-end gap-x-4 gap-y-3">
            <RangeToggle basePath={basePath} range={report.range} kid={report.kid} />
            {report.keys.length ? (
              <KeySelect
                range={report.range}
                selected={report.kid}
                options={report.keys.map((key) => ({
                  kid: key.kid,
                  label: `${key.name ?? "Unnamed key"} (${shortKid(key.kid)})${key.status === "revoked" ? " — revoked" : ""}`,
                }))}
              />
            ) : null}
          </div>
          {keyNotFound ? (
            <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              That key is not one of this project&apos;s keys; showing all keys.
            </p>
          ) : null}
          {origin !== null ? (
            <UsageEmpty projectId={access.projectId} origin={origin} />
          ) : (
            <>
              <UsageStats totals={report.totals} />
              {report.totals.total === 0 ? (
                <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600" data-testid="usage-none-in-range">
                  No verifications for {scope} in the {period}.
                </p>
              ) : (
                <>
                  <figure className="space-y-3">
                    <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
                      <span className="text-sm font-medium text-slate-900">
                        Verifications per {unit}, {period} — {scope}
                      </span>
                      <ChartLegend results={report.results} />
                    </figcaption>
                    <UsageChart
                      buckets={report.buckets}
                      results={report.results}
                      granularity={report.granularity}
                      title={`Verifications per ${unit}, ${period}, ${scope}, stacked by result`}
                    />
                  </figure>
                  <UsageTotalsTable totals={report.totals} caption={`By result, ${period} — ${scope}`} />
                  <BucketTable buckets={report.buckets} granularity={report.granularity} />
                </>
              )}
            </>
          )}
        </Card>
        {report.keys.length ? (
          <Card>
            <KeyUsageTable report={report} basePath={basePath} caption={`Per key, ${period}`} />
          </Card>
        ) : null}
      </div>
    </ToastProvider>
  );
}
