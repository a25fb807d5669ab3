import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ProjectAccess } from "@/lib/projects/access";

type Tx = Prisma.TransactionClient;

export const LAST_OWNER_MESSAGE =
  "A project needs at least one owner. Make another member an owner first, or delete the project.";

/**
 * Locks the project's owner memberships for the rest of the transaction and returns the owners' ids.
 * Two racing changes (say, two owners demoting each other) queue on these row locks; the second one
 * re-reads the rows after the first commits, so it sees one owner left and stops.
 */
export async function lockOwners(tx: Tx, projectId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ userId: string }[]>`
    SELECT "userId"::text AS "userId" FROM "Membership"
    WHERE "projectId" = ${projectId}::uuid AND "role" = 'owner'
    FOR UPDATE`;
  return rows.map((row) => row.userId);
}

/**
 * For owner-only changes: locks the owners and checks the caller is still one of them
 * (a role taken away between the access check and this transaction counts).
 */
export async function lockOwnersAsOwner(tx: Tx, access: ProjectAccess): Promise<string[]> {
  const owners = await lockOwners(tx, access.projectId);
  if (!owners.includes(access.actor.userId)) throw ownerRequired();
  return owners;
}

/** Refuses a change that would leave `owners` without anyone once `userId` stops being an owner. */
export function assertNotLastOwner(owners: string[], userId: string): void {
  if (owners.includes(userId) && owners.length <= 1) throw new AppError("last_owner", LAST_OWNER_MESSAGE);
}

export function ownerRequired(): AppError {
  return new AppError("forbidden", "Only an owner of the project can manage its members.");
}

/** Owner-only domain functions check the role themselves too, whatever the caller checked. */
export function requireOwner(access: ProjectAccess): void {
  if (access.role !== "owner") throw ownerRequired();
}
