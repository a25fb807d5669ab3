// Shared setup for the public-key integration tests: projects, keys made by node:crypto, and the route calls.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { expect } from "vitest";
import { POST as addKeyRoute, GET as listKeysRoute } from "@/app/api/v1/projects/[projectId]/keys/route";
import {
  DELETE as revokeKeyRoute,
  GET as getKeyRoute,
  PATCH as renameKeyRoute,
} from "@/app/api/v1/projects/[projectId]/keys/[kid]/route";
import { getPrisma } from "@/lib/db";
import { createProject } from "@/lib/projects/projects";
import { call, type TestUser } from "../../support/api";

export { addKeyRoute, getKeyRoute, listKeysRoute, renameKeyRoute, revokeKeyRoute };

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

export async function newProject(owner: TestUser, name = "Keys project"): Promise<string> {
  return (await createProject({ caller: owner.caller, input: { name } })).id;
}

export async function addMember(projectId: string, user: TestUser, role: "admin" | "viewer") {
  await getPrisma().membership.create({ data: { projectId, userId: user.id, role } });
}

/** A fresh P-256 public key (SPKI PEM) with its private key, from node:crypto. */
export function p256() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(), privateKey, publicKey };
}

export const freshPublicKey = () => p256().publicPem;

export function addKey(user: TestUser, projectId: string, body: unknown) {
  return call(addKeyRoute, { method: "POST", token: user.token, params: { projectId }, body });
}

export async function addKeyOk(user: TestUser, projectId: string, body: Record<string, unknown>) {
  const res = await addKey(user, projectId, body);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
}

export function listKeys(user: TestUser, projectId: string) {
  return call(listKeysRoute, { token: user.token, params: { projectId } });
}

export function getKey(user: TestUser, projectId: string, kid: string) {
  return call(getKeyRoute, { token: user.token, params: { projectId, kid } });
}

export function renameKey(user: TestUser, projectId: string, kid: string, body: unknown) {
  return call(renameKeyRoute, { method: "PATCH", token: user.token, params: { projectId, kid }, body });
}

export function revokeKey(user: TestUser, projectId: string, kid: string, body?: unknown) {
  return call(revokeKeyRoute, { method: "DELETE", token: user.token, params: { projectId, kid }, body });
}

export async function keyRows(projectId: string) {
  return getPrisma().publicKey.findMany({ where: { projectId } });
}

export async function auditRows(projectId: string) {
  return getPrisma().auditEvent.findMany({ where: { projectId }, orderBy: { id: "asc" } });
}

export const params = (projectId: string) => ({ projectId });
export const keyParams = (projectId: string) => ({ projectId, kid: randomUUID() });
