import { readdirSync } from "node:fs";
import path from "node:path";

// Route files ↔ OpenAPI paths, for the contract tests.

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** The route trees the document covers, relative to the project root. */
export const DOCUMENTED_ROUTE_ROOTS = ["app/api/v1", "app/api/internal", "app/api/openapi.json"];

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** `app/api/v1/projects/[projectId]/route.ts` → `/api/v1/projects/{projectId}`; a catch-all (`[...path]`) → null. */
export function templateOf(file: string): string | null {
  const segments = path.dirname(file).split(path.sep).slice(1);
  if (segments.some((segment) => segment.startsWith("[..."))) return null;
  return "/" + segments.map((segment) => segment.replace(/^\[(.+)\]$/, "{$1}")).join("/");
}

/** Every `METHOD /path` the route files export, and the catch-all route files (which no OpenAPI path can name). */
export async function discoverRoutes(root = process.cwd()): Promise<{ routes: string[]; catchAlls: string[] }> {
  const routes: string[] = [];
  const catchAlls: string[] = [];
  for (const tree of DOCUMENTED_ROUTE_ROOTS) {
    const files = readdirSync(path.join(root, tree), { recursive: true, encoding: "utf8" }).filter((f) => path.basename(f) === "route.ts");
    for (const file of files.map((f) => path.join(tree, f))) {
      const template = templateOf(file);
      if (template === null) {
        catchAlls.push(file);
        continue;
      }
      const routeModule = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
      for (const method of HTTP_METHODS) if (typeof routeModule[method] === "function") routes.push(`${method} ${template}`);
    }
  }
  return { routes: routes.sort(), catchAlls };
}

/** The handler that answers `method` on an OpenAPI path. */
export async function routeHandler(method: string, template: string, root = process.cwd()): Promise<Handler> {
  const file = path.join(root, "app", template.replace(/\{([^}]+)\}/g, "[$1]"), "route.ts");
  const handler = ((await import(/* @vite-ignore */ file)) as Record<string, unknown>)[method.toUpperCase()];
  if (typeof handler !== "function") throw new Error(`${file} exports no ${method.toUpperCase()}`);
  return handler as Handler;
}
