import Link from "next/link";
import { getProject } from "@/lib/projects/projects";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { ProjectTabs } from "./_components/project-tabs";

export default async function ProjectLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ projectId: string }>;
}) {
  const { projectId } = await params;
  const access = await loadProjectPage(projectId);
  const project = await getProject({ access });
  return (
    <div className="space-y-6">
      <div>
        <Link href="/projects" className="text-sm text-slate-600 hover:underline">
          ← Projects
        </Link>
        <h1 className="mt-1 text-2xl font-semibold" data-testid="project-name">
          {project.name}
        </h1>
        <p className="mt-1 text-xs text-slate-500">
          Project ID <code className="font-mono">{project.id}</code> · your role: {project.role}
        </p>
      </div>
      <ProjectTabs projectId={project.id} />
      {children}
    </div>
  );
}
