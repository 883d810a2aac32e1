/** The monitoring job's API shapes: /api/v1/monitoring/runs (bank-api/routes/monitoring.ts). */
import { z } from 'zod';
import { SignalRuleSetSchema } from './rules';

export const MONITORING_RUN_STATUSES = ['running', 'done', 'failed'] as const;
export const MONITORING_TRIGGERS = ['schedule', 'manual'] as const;

export const MonitoringRunIdSchema = z.string().regex(/^MR-\d{14}-[a-z0-9]{6}$/, 'not a monitoring run id');

export const MonitoringRunSchema = z.object({
  id: z.string(),
  trigger: z.enum(MONITORING_TRIGGERS),
  requestedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  ruleVersion: z.string(),
  status: z.enum(MONITORING_RUN_STATUSES),
  /** ISO instants with the +08:00 offset. */
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  heartbeatAt: z.string().nullable(),
  /** Seconds from start to finish (or to now while running). */
  durationSeconds: z.number().int().nonnegative(),
  loansTotal: z.number().int().nonnegative(),
  loansDone: z.number().int().nonnegative(),
  signalsRaised: z.number().int().nonnegative(),
  signalsCleared: z.number().int().nonnegative(),
  /** True when the run holds the lease but its heartbeat is older than the stale limit (a crashed run). */
  stale: z.boolean(),
  error: z.string().nullable(),
});
export type MonitoringRun = z.infer<typeof MonitoringRunSchema>;

export const MonitoringRunListSchema = z.object({ runs: z.array(MonitoringRunSchema) });
export type MonitoringRunList = z.infer<typeof MonitoringRunListSchema>;

export const MonitoringRunsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const SignalRulesResponseSchema = z.object({ valid: z.literal(true), rules: SignalRuleSetSchema });
