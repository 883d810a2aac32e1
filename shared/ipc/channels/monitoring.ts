/**
 * The post-loan monitoring job over IPC (supervisors): the latest runs, one run's progress, and starting
 * a run now. Main forwards each to the bank API (bank-api/routes/monitoring.ts) as the signed-in user;
 * starting while a run is in progress comes back as the bank's 409 `monitoring.run_in_progress`.
 */
import { z } from 'zod';
import { MonitoringRunIdSchema, MonitoringRunListSchema, MonitoringRunSchema } from '../../monitoring/api';

export const monitoringChannels = {
  /** GET /api/v1/monitoring/runs: the latest runs first. */
  'monitoring.runs': {
    request: z.strictObject({ limit: z.number().int().min(1).max(100).optional() }),
    response: MonitoringRunListSchema,
  },
  /** GET /api/v1/monitoring/runs/{id}. */
  'monitoring.run': { request: z.strictObject({ id: MonitoringRunIdSchema }), response: MonitoringRunSchema },
  /** POST /api/v1/monitoring/runs: start a run now (202 with it). */
  'monitoring.start': { request: z.strictObject({}), response: MonitoringRunSchema },
} as const;
export type MonitoringChannel = keyof typeof monitoringChannels;
