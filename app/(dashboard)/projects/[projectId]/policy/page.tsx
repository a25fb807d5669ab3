import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { getProject } from "@/lib/projects/projects";
import { roleAtLeast } from "@/lib/projects/roles";
import { PolicyForm } from "./_components/policy-form";

export const metadata: Metadata = { title: "Token policy" };

export default async function ProjectPolicyPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const access = await loadProjectPage(projectId);
  const project = await getProject({ access });
  const canEdit = roleAtLeast(access.role, "admin");
  return (
    <Card>
      <PolicyForm
        projectId={project.id}
        policy={project.policy}
        hasKeys={project.activeKeyCount > 0}
        canEdit={canEdit}
      />
    </Card>
  );
}
