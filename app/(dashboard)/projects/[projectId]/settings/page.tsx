import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { roleAtLeast } from "@/lib/projects/roles";
import { getProject } from "@/lib/projects/projects";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { DeleteProjectForm } from "./_components/delete-project-form";
import { RenameProjectForm } from "./_components/rename-project-form";

export const metadata: Metadata = { title: "Project settings" };

export default async function ProjectSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const access = await loadProjectPage(projectId);
  const project = await getProject({ access });
  const canEdit = roleAtLeast(access.role, "admin");
  return (
    <div className="space-y-6">
      <Card>
        <RenameProjectForm projectId={project.id} name={project.name} disabled={!canEdit} />
      </Card>
      {access.role === "owner" ? (
        <Card className="border-red-200">
          <DeleteProjectForm projectId={project.id} name={project.name} />
        </Card>
      ) : null}
    </div>
  );
}
