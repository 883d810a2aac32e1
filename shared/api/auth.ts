import { z } from 'zod';
import { ROLES } from '../credit/authority';
import { GRADES } from '../credit/grades';
import { text } from './text';

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
  username: text({ max: USERNAME_MAX, min: 1, trim: true, minMessage: 'username is required' }),
  password: text({ max: PASSWORD_MAX, min: 1, minMessage: 'password is required' }),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const LoginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: UserSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const DatabaseEngineSchema = z.enum(['pglite', 'postgres']);

/**
 * GET /healthz — liveness: the process is up and answering. 200 even while the database is away;
 * `database` is then 'unavailable' (else the engine that answered).
 */
export const HealthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum([...DatabaseEngineSchema.options, 'unavailable']),
  engine: DatabaseEngineSchema,
  version: z.string(),
});
export type Health = z.infer<typeof HealthSchema>;

/**
 * GET /readyz — readiness: 200 only when the database answers and the LISTEN connection (queue
 * events) is up; otherwise a 503 problem document `not_ready` naming which is not.
 */
export const ReadinessSchema = z.object({
  status: z.literal('ready'),
  engine: DatabaseEngineSchema,
  database: z.literal('up'),
  /** 'none' while nothing LISTENs yet. */
  listen: z.enum(['up', 'none']),
  version: z.string(),
});
export type Readiness = z.infer<typeof ReadinessSchema>;
