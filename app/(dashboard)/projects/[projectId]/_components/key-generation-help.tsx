import { CopyButton } from "@/components/ui/copy-button";

const PUBLIC_FROM_PRIVATE = "openssl pkey -in private.pem -pubout -out public.pem";
const ecRecipe = (curve: string) =>
  `openssl ecparam -name ${curve} -genkey -noout -out private.pem && openssl ec -in private.pem -pubout -out public.pem`;

const RECIPES = [
  { id: "es256", title: "ES256 — EC P-256", command: ecRecipe("prime256v1") },
  { id: "es384", title: "ES384 — EC P-384", command: ecRecipe("secp384r1") },
  { id: "es512", title: "ES512 — EC P-521", command: ecRecipe("secp521r1") },
  { id: "es256k", title: "ES256K — EC secp256k1", command: ecRecipe("secp256k1") },
  {
    id: "rsa",
    title: "RS256 / PS256 (and RS384, RS512, PS384, PS512) — RSA 2048",
    command: `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private.pem && ${PUBLIC_FROM_PRIVATE}`,
  },
  { id: "eddsa", title: "EdDSA — Ed25519", command: `openssl genpkey -algorithm ed25519 -out private.pem && ${PUBLIC_FROM_PRIVATE}` },
];

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
            <pre className="mt-1 overflow-x-auto rounded-md bg-slate-900 px-3 py-2 text-xs text-slate-100">
              <code>{recipe.command}</code>
            </pre>
          </li>
        ))}
      </ul>
    </div>
  );
}
