import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sessionCaller } from "@/lib/auth/caller";
import { signupAllowed } from "@/lib/users/sign-up";
import { SignInForm } from "../_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ created?: string }> }) {
  if (await sessionCaller()) redirect("/projects");
  const { created } = await searchParams;
  return <SignInForm signupAllowed={signupAllowed()} notice={created ? "Account created. Sign in to continue." : undefined} />;
}
