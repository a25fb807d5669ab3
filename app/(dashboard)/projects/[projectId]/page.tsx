import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { loadProjectPage } from "@/lib/projects/load-project-page";

export const metadata: Metadata = { title: "Keys" };

export default async function ProjectKeysPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await loadProjectPage(projectId);
  return (
    <Card>
      <h2 className="text-base font-semibold">Public keys</h2>
      <p className="mt-1 text-sm text-slate-600">0 of 25 active.</p>
    </Card>
  );
}
