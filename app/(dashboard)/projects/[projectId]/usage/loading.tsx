// Shown while the usage report loads: the page's shape, so nothing moves when it arrives.
const BAR = "rounded bg-slate-200";
const CARD = "space-y-5 rounded-lg border border-slate-200 bg-white p-5 shadow-sm";

export default function UsageLoading() {
  return (
    <div className="space-y-6" aria-busy="true" data-testid="usage-loading">
      <p role="status" className="sr-only">
        Loading usage…
      </p>
      <div className={`${CARD} animate-pulse motion-reduce:animate-none`} aria-hidden="true">
        <div className="flex items-end justify-between gap-4">
          <div className="space-y-2">
            <div className={`h-5 w-16 ${BAR}`} />
            <div className={`h-4 w-72 max-w-full ${BAR}`} />
          </div>
          <div className={`h-9 w-20 ${BAR}`} />
        </div>
        <div className="flex flex-wrap gap-4">
          <div className={`h-[3.25rem] w-44 ${BAR}`} />
          <div className={`h-[3.25rem] w-64 max-w-full ${BAR}`} />
        </div>
        <div className="grid grid-cols-3 gap-2 sm:gap-3">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-[3.75rem] rounded-lg bg-slate-100" />
          ))}
        </div>
        <div className="h-5 w-64 max-w-full rounded bg-slate-100" />
        <div className="h-72 rounded-md bg-slate-100" />
        <div className="space-y-2">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-8 rounded bg-slate-100" />
          ))}
        </div>
      </div>
    </div>
  );
}
