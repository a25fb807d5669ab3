import Link from "next/link";
import { redirect } from "next/navigation";
import { ToastProvider } from "@/components/ui/toast";
import { sessionCaller } from "@/lib/auth/caller";
import { SignOutButton } from "./_components/sign-out-button";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const caller = await sessionCaller();
  if (!caller) redirect("/sign-in");
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
          <Link href="/projects" className="text-lg font-semibold tracking-tight">
            Signet
          </Link>
          <div className="flex min-w-0 items-center gap-3 text-sm">
            <Link href="/tokens" className="whitespace-nowrap text-slate-700 hover:underline">
              Access tokens
            </Link>
            <span className="hidden truncate text-slate-600 sm:inline" data-testid="signed-in-as">
              {caller.email}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">
        <ToastProvider>{children}</ToastProvider>
      </main>
    </div>
  );
}
