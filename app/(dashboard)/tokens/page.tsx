import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { sessionCaller } from "@/lib/auth/caller";
import { listPersonalAccessTokens } from "@/lib/auth/personal-access-tokens";
import { CreateTokenForm } from "./_components/create-token-form";
import { TokensTable } from "./_components/tokens-table";

export const metadata: Metadata = { title: "Access tokens" };

export default async function AccessTokensPage() {
  const caller = await sessionCaller();
  if (!caller) redirect("/sign-in");
  const tokens = await listPersonalAccessTokens({ caller });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Access tokens</h1>
        <p className="mt-1 text-sm text-slate-600">
          Personal access tokens let scripts and CI use the management API as you:{" "}
          <code className="break-all font-mono text-xs">Authorization: Bearer sgp_…</code>. A token can do whatever you
          can, in every project you belong to.
        </p>
      </div>
      <Card>
        <CreateTokenForm />
      </Card>
      <Card className="space-y-3">
        <h2 className="text-base font-semibold">Your tokens</h2>
        {tokens.length ? (
          <TokensTable tokens={tokens} />
        ) : (
          <p className="text-sm text-slate-600" data-testid="tokens-empty">
            No access tokens yet.
          </p>
        )}
      </Card>
    </div>
  );
}
