import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { TokenDebugger } from "./_components/token-debugger";

export const metadata: Metadata = { title: "Token debugger" };

export default async function TokenDebuggerPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const access = await loadProjectPage(projectId);
  return (
    <Card>
      <TokenDebugger projectId={access.projectId} />
    </Card>
  );
}
