"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "", label: "Keys" },
  { href: "/usage", label: "Usage" },
  { href: "/policy", label: "Policy" },
  { href: "/debugger", label: "Debugger" },
  { href: "/snippets", label: "Integrate" },
  { href: "/members", label: "Members" },
  { href: "/audit", label: "Audit log" },
  { href: "/settings", label: "Settings" },
];

export function ProjectTabs({ projectId }: { projectId: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Project sections" className="flex gap-1 overflow-x-auto border-b border-slate-200">
      {TABS.map((tab) => {
        const href = `/projects/${projectId}${tab.href}`;
        const current = pathname === href;
        return (
          <Link
            key={tab.label}
            href={href}
            aria-current={current ? "page" : undefined}
            className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
              current ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
