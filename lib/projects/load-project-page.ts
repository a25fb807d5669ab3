import { notFound, redirect } from "next/navigation";
import { sessionCaller } from "@/lib/auth/caller";
import { isAppError } from "@/lib/errors";
import { requireProjectAccess, type ProjectAccess } from "./access";

/** What Next passes a project's dashboard page: the route's project ID and the query string. */
export interface ProjectPageProps {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** For dashboard pages: the caller's access to the project, or Next's 404 page. */
export async function loadProjectPage(projectId: string): Promise<ProjectAccess> {
  const caller = await sessionCaller();
  if (!caller) redirect("/sign-in");
  try {
    return await requireProjectAccess({ caller, projectId });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}
