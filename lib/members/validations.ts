import { z } from "zod";
import { emailSchema } from "@/lib/validations/auth";
import { ROLES } from "@/lib/projects/roles";

export const roleSchema = z.enum(ROLES, { error: "role must be one of owner, admin or viewer." });

export const addMemberSchema = z.object({
  email: emailSchema,
  role: roleSchema,
});

export const changeMemberRoleSchema = z.object({ role: roleSchema });

export type AddMemberInput = z.infer<typeof addMemberSchema>;
