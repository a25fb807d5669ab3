import { listAuditEventsSchema } from "@/lib/audit/list-audit-events";
import { usageQuerySchema } from "@/lib/usage/usage-report";
import type { OperationSpec } from "../types";
import { IN_PROJECT, JSON_BODY, SIGNED_IN, WRITER } from "./common";

const PROJECT = "/api/v1/projects/{projectId}";

export const PROJECT_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: "/api/v1/projects",
    operationId: "listProjects",
    summary: "List your projects",
    description: "Only the projects the caller is a member of, newest first.",
    tag: "Projects",
    audience: "user",
    responses: { 200: { description: "The caller's projects.", schema: "ProjectList" } },
    errors: SIGNED_IN,
  },
  {
    method: "post",
    path: "/api/v1/projects",
    operationId: "createProject",
    summary: "Create a project",
    description: "The caller becomes its owner.",
    tag: "Projects",
    audience: "user",
    body: { schema: "CreateProjectRequest", required: true },
    responses: { 201: { description: "The new project.", schema: "Project" } },
    errors: [...WRITER, ...JSON_BODY],
  },
  {
    method: "get",
    path: PROJECT,
    operationId: "getProject",
    summary: "Get a project",
    tag: "Projects",
    audience: "user",
    responses: { 200: { description: "The project.", schema: "Project" } },
    errors: [...SIGNED_IN, ...IN_PROJECT],
  },
  {
    method: "patch",
    path: PROJECT,
    operationId: "updateProject",
    summary: "Rename a project and/or change its policy",
    description: "Admin or owner. A partial `policy` is merged into the current one. The body may be empty.",
    tag: "Projects",
    audience: "user",
    body: { schema: "UpdateProjectRequest", required: false },
    responses: { 200: { description: "The updated project.", schema: "Project" } },
    errors: [...WRITER, ...IN_PROJECT, ...JSON_BODY],
  },
  {
    method: "delete",
    path: PROJECT,
    operationId: "deleteProject",
    summary: "Delete a project",
    description: "Owner only. Its keys, members and history go with it; verification answers `unknown_project` within a second.",
    tag: "Projects",
    audience: "user",
    responses: { 204: { description: "Deleted." } },
    errors: [...WRITER, ...IN_PROJECT],
  },
  {
    method: "get",
    path: `${PROJECT}/audit`,
    operationId: "listAuditEvents",
    summary: "List a project's audit events",
    description: "Newest first, a page at a time: pass `nextCursor` back as `cursor`. A cursor that was not one → 400.",
    tag: "Audit",
    audience: "user",
    query: {
      schema: listAuditEventsSchema,
      descriptions: {
        cursor: "The `nextCursor` of the previous page.",
        limit: "Events per page (default 50).",
        action: "Only events of this action.",
      },
    },
    responses: { 200: { description: "One page of events.", schema: "AuditEventPage" } },
    errors: [...SIGNED_IN, ...IN_PROJECT, "bad_request", "validation_failed"],
  },
  {
    method: "get",
    path: `${PROJECT}/usage`,
    operationId: "getUsage",
    summary: "A project's verifications over time",
    description: "Counted by the verification API, valid and by failure reason, per hour (24h) or UTC day (30d).",
    tag: "Usage",
    audience: "user",
    query: {
      schema: usageQuerySchema,
      descriptions: {
        range: "`24h` (by hour, the default) or `30d` (by UTC day).",
        kid: "Only this key's verifications (a key of the project, else 404).",
      },
    },
    responses: { 200: { description: "The usage report.", schema: "UsageReport" } },
    errors: [...SIGNED_IN, ...IN_PROJECT, "validation_failed"],
  },
];
