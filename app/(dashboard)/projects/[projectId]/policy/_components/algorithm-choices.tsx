import type { Algorithm } from "@/lib/keys/algorithms";

/** The project-wide algorithm allow-list: none checked means every algorithm the keys allow. */
export function AlgorithmChoices({
  all,
  selected,
  onChange,
  disabled,
  error,
}: {
  all: readonly Algorithm[];
  selected: readonly Algorithm[];
  onChange: (next: Algorithm[]) => void;
  disabled: boolean;
  error?: string;
}) {
  const toggle = (alg: Algorithm, on: boolean) =>
    onChange(all.filter((candidate) => (candidate === alg ? on : selected.includes(candidate))));
  return (
    <fieldset className="space-y-2" aria-describedby={`policy-algorithms-hint${error ? " policy-algorithms-error" : ""}`}>
      <legend className="text-sm font-medium text-slate-800">Allowed algorithms</legend>
      <p id="policy-algorithms-hint" className="text-xs text-slate-500">
        {selected.length === 0
          ? "None checked: every algorithm the project's keys support is accepted."
          : "Only tokens signed with a checked algorithm are accepted."}
      </p>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {all.map((alg) => (
          <div key={alg} className="flex items-center gap-2">
            <input
              id={`policy-alg-${alg}`}
              type="checkbox"
              name="allowedAlgorithms"
              value={alg}
              checked={selected.includes(alg)}
              onChange={(e) => toggle(alg, e.target.checked)}
              disabled={disabled}
              className="h-4 w-4 rounded border-slate-300"
            />
            <label htmlFor={`policy-alg-${alg}`} className="font-mono text-sm text-slate-800">
              {alg}
            </label>
          </div>
        ))}
      </div>
      {error ? (
        <p id="policy-algorithms-error" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
