import type { Role } from "@/lib/projects/roles";

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", viewer: "Viewer" };

export const ROLE_HINTS: Record<Role, string> = {
  owner: "everything, including members and deleting the project",
  admin: "keys and settings",
  viewer: "read only",
};

/** "2025-11-23" — dates only, rendered on the server in UTC. */
export const formatDate = (iso: string) => iso.slice(0, 10);
