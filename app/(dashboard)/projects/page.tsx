import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { sessionCaller } from "@/lib/auth/caller";
import { listProjects } from "@/lib/projects/projects";
import { CreateProjectForm } from "./_components/create-project-form";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const caller = await sessionCaller();
  if (!caller) redirect("/sign-in");
  const projects = await listProjects({ caller });
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Projects</h1>
        <p className="mt-1 text-sm text-slate-600">Each project has its own public keys, token policy and members.</p>
      </div>
      <Card>
        <CreateProjectForm />
      </Card>
      {projects.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600">
          No projects yet. Create one above to register your first public key.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Your projects">
          {projects.map((project) => (
            <li key={project.id}>
              <Link
                href={`/projects/${project.id}`}
                className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-slate-50"
              >
                <span className="font-medium">{project.name}</span>
                <span className="text-sm text-slate-500">
                  {project.activeKeyCount} of 25 keys · {project.role}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
