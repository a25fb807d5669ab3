"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const router = useRouter();
  async function onClick() {
    // redirect: false, because next-auth's own redirect uses NEXTAUTH_URL, which may be unset.
    await signOut({ redirect: false });
    router.replace("/sign-in");
    router.refresh();
  }
  return (
    <Button variant="ghost" onClick={onClick}>
      Sign out
    </Button>
  );
}
