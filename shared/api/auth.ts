import { z } from 'zod';
import { ROLES } from '../credit/authority';
import { GRADES } from '../credit/grades';

/** Roles of the bank's staff, as the bank API grants them (SPEC §2); the list lives with the authority rules. */
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const GradeSchema = z.enum(GRADES);
export type Grade = z.infer<typeof GradeSchema>;

/** Money on the wire: yuan as a decimal string with two places ("500000.00"). */
export const MoneyStringSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,14})\.\d{2}$/, 'money must be yuan with two decimals, e.g. "500000.00"');

export const BranchSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  level: z.enum(['head_office', 'branch', 'sub_branch']),
});
export type Branch = z.infer<typeof BranchSchema>;

/** Maximum amount a user may approve, per risk grade; null where the user approves nothing. */
export const AuthorityLimitsSchema = z.record(GradeSchema, MoneyStringSchema);
export type AuthorityLimits = z.infer<typeof AuthorityLimitsSchema>;

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  branch: BranchSchema,
  authority: AuthorityLimitsSchema.nullable(),
});
export type User = z.infer<typeof UserSchema>;

export const USERNAME_MAX = 64;
export const PASSWORD_MAX = 256;

export const LoginRequestSchema = z.strictObject({
  username: z.string().trim().min(1, 'username is required').max(USERNAME_MAX),
  password: z.string().min(1, 'password is required').max(PASSWORD_MAX),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const LoginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: UserSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const HealthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
});
