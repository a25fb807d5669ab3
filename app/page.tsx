import { redirect } from "next/navigation";
import { sessionCaller } from "@/lib/auth/caller";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  redirect((await sessionCaller()) ? "/projects" : "/sign-in");
}
