// Shown while the snippets page loads: its cards and code blocks, at their usual size.
const BAR = "rounded bg-slate-200";
const CARD = "space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm";

export default function SnippetsLoading() {
  return (
    <div className="space-y-6" aria-busy="true" data-testid="snippets-loading">
      <p role="status" className="sr-only">
        Loading snippets…
      </p>
      <div className="animate-pulse space-y-6 motion-reduce:animate-none" aria-hidden="true">
        <div className={CARD}>
          <div className={`h-5 w-24 ${BAR}`} />
          <div className={`h-4 w-full ${BAR}`} />
          <div className={`h-4 w-2/3 ${BAR}`} />
          <div className="space-y-2 pt-1">
            {[0, 1, 2].map((i) => (
              <div key={i} className="h-5 w-3/4 rounded bg-slate-100" />
            ))}
          </div>
        </div>
        {[0, 1].map((card) => (
          <div key={card} className={CARD}>
            <div className={`h-5 w-48 ${BAR}`} />
            <div className={`h-4 w-5/6 ${BAR}`} />
            {[0, 1].map((i) => (
              <div key={i} className="space-y-2">
                <div className={`h-4 w-40 ${BAR}`} />
                <div className="h-16 rounded-md bg-slate-300" />
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
