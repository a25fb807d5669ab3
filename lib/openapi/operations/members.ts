import type { OperationSpec } from "../types";
import { IN_PROJECT, JSON_BODY, SIGNED_IN, WRITER } from "./common";

const MEMBERS = "/api/v1/projects/{projectId}/members";
const INVITATIONS = "/api/v1/projects/{projectId}/invitations";

export const MEMBER_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: MEMBERS,
    operationId: "listMembers",
    summary: "List a project's members",
    description: "Owners first, then admins, then viewers.",
    tag: "Members",
    audience: "user",
    responses: { 200: { description: "The members.", schema: "MemberList" } },
    errors: [...SIGNED_IN, ...IN_PROJECT],
  },
  {
    method: "post",
    path: MEMBERS,
    operationId: "addMember",
    summary: "Add a member, or invite an email",
    description:
      "Owner only. An email with an account becomes a member at once; any other email gets an invitation " +
      "valid 7 days, whose one-time link is returned here and never again.",
    tag: "Members",
    audience: "user",
    body: { schema: "AddMemberRequest", required: true },
    responses: { 201: { description: "Added or invited.", schema: "AddMemberResult" } },
    errors: [...WRITER, ...IN_PROJECT, ...JSON_BODY, "already_member"],
  },
  {
    method: "patch",
    path: `${MEMBERS}/{userId}`,
    operationId: "changeMemberRole",
    summary: "Change a member's role",
    description: "Owner only. The last owner cannot be demoted (409 last_owner).",
    tag: "Members",
    audience: "user",
    body: { schema: "ChangeMemberRoleRequest", required: true },
    responses: { 200: { description: "The member with their new role.", schema: "Member" } },
    errors: [...WRITER, ...IN_PROJECT, ...JSON_BODY, "last_owner"],
  },
  {
    method: "delete",
    path: `${MEMBERS}/{userId}`,
    operationId: "removeMember",
    summary: "Remove a member, or leave",
    description: "An owner removes anyone; any member may remove themselves. The last owner can do neither (409 last_owner).",
    tag: "Members",
    audience: "user",
    responses: { 204: { description: "Removed." } },
    errors: [...WRITER, ...IN_PROJECT, "last_owner"],
  },
  {
    method: "get",
    path: INVITATIONS,
    operationId: "listInvitations",
    summary: "List a project's open invitations",
    description: "Invitations not yet accepted (pending or expired), newest first.",
    tag: "Members",
    audience: "user",
    responses: { 200: { description: "The invitations.", schema: "InvitationList" } },
    errors: [...SIGNED_IN, ...IN_PROJECT],
  },
  {
    method: "delete",
    path: `${INVITATIONS}/{invitationId}`,
    operationId: "revokeInvitation",
    summary: "Revoke an invitation",
    description: "Owner only. Its link stops working at once; an accepted or already revoked invitation answers 404.",
    tag: "Members",
    audience: "user",
    responses: { 204: { description: "Revoked." } },
    errors: [...WRITER, ...IN_PROJECT],
  },
];
