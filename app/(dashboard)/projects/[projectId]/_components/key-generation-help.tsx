import { CopyButton } from "@/components/ui/copy-button";
import { keygenSnippets } from "@/lib/snippets/keygen";

// The same tested commands as the Integrate page: PKCS#8 private keys, which jose and node:crypto read.
const RECIPES = keygenSnippets();

/** openssl commands that make a key pair for each algorithm family. */
export function KeyGenerationHelp() {
  return (
    <div className="space-y-3" data-testid="key-generation-help">
      <p className="text-sm text-slate-600">
        Generate a key pair on your machine, then add <code className="font-mono">public.pem</code> here. Keep{" "}
        <code className="font-mono">private.pem</code> secret: it signs your tokens and must never be uploaded.
      </p>
      <ul className="space-y-3">
        {RECIPES.map((recipe) => (
          <li key={recipe.id}>
            <div className="flex items-center justify-between gap-2">
              <h3 className="text-sm font-medium">{recipe.title}</h3>
              <CopyButton value={recipe.command} label={`Copy the ${recipe.title} command`} />
            </div>
            <pre tabIndex={0} className="mt-1 overflow-x-auto rounded-md bg-slate-900 px-3 py-2 text-xs text-slate-100">
              <code>{recipe.command}</code>
            </pre>
          </li>
        ))}
      </ul>
    </div>
  );
}
