import { resultLabel } from "@/lib/usage/usage-results";
import { ResultSwatch } from "./result-colors";

export function ChartLegend({ results }: { results: string[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Legend">
      {results.map((result) => (
        <li key={result} className="flex items-center gap-1.5">
          <ResultSwatch result={result} />
          {resultLabel(result)}
        </li>
      ))}
    </ul>
  );
}
