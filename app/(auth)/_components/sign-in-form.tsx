"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

const MESSAGES: Record<string, string> = {
  rate_limited: "Too many failed attempts. Wait a few minutes and try again.",
  CredentialsSignin: "Email or password is incorrect.",
};

export function SignInForm({ signupAllowed, notice }: { signupAllowed: boolean; notice?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      setError(MESSAGES[result?.error ?? ""] ?? "Email or password is incorrect.");
      return;
    }
    router.replace("/projects");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <FormMessage success={notice} error={error} />
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      {signupAllowed ? (
        <p className="text-center text-sm text-slate-600">
          No account yet?{" "}
          <Link href="/sign-up" className="font-medium text-indigo-700 underline">
            Create one
          </Link>
        </p>
      ) : null}
    </form>
  );
}
