import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { sessionCaller } from "@/lib/auth/caller";
import { signupAllowed } from "@/lib/users/sign-up";
import { SignUpForm } from "../_components/sign-up-form";

export const metadata: Metadata = { title: "Create account" };
export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  if (await sessionCaller()) redirect("/projects");
  if (!signupAllowed()) {
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold">Sign-up is closed</h1>
        <p className="text-sm text-slate-600">This Signet instance does not accept new accounts. Ask an administrator for an invitation.</p>
        <Link href="/sign-in" className="text-sm font-medium text-indigo-700 underline">
          Sign in
        </Link>
      </div>
    );
  }
  return <SignUpForm />;
}
