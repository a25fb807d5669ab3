import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/** A titled, copyable snippet. The <pre> scrolls sideways on narrow screens and takes focus so keyboards can scroll it. */
export function CodeBlock({
  id,
  title,
  code,
  children,
  as: Heading = "h3",
}: {
  id: string;
  title: string;
  code: string;
  /** A sentence or two under the title. */
  children?: ReactNode;
  as?: "h3" | "h4";
}) {
  return (
    <div className="min-w-0 space-y-2" data-testid={`snippet-${id}`}>
      <div className="flex items-center justify-between gap-3">
        <Heading id={`snippet-${id}-title`} className="text-sm font-medium text-slate-900">
          {title}
        </Heading>
        <CopyButton value={code} label={`Copy: ${title}`} testId={`copy-${id}`} />
      </div>
      {children ? <div className="text-sm text-slate-600">{children}</div> : null}
      <pre
        tabIndex={0}
        className="overflow-x-auto rounded-md bg-slate-900 px-3 py-2.5 text-xs leading-relaxed text-slate-100"
      >
        <code data-testid={`snippet-${id}-code`}>{code}</code>
      </pre>
    </div>
  );
}
