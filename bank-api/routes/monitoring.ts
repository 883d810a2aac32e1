/**
 * The post-loan monitoring job's runs (issue 17.1), supervisors only:
 *
 * - POST /api/v1/monitoring/runs starts a run now (202 with the run; a crashed run is resumed instead);
 *   409 `monitoring.run_in_progress` with the live run (`run`) when one is going on.
 * - GET /api/v1/monitoring/runs: the latest runs first; GET /api/v1/monitoring/runs/{id}: one run.
 * - GET /api/v1/monitoring/rules: the signal rules in force; POST /api/v1/monitoring/rules/check checks a
 *   proposed rule set against the strict schema (an unknown field is a 400 naming it) and changes nothing.
 */
import { z } from 'zod';
import { MONITORING_ROLES } from '../../shared/api/areas';
import {
  MonitoringRunIdSchema,
  MonitoringRunListSchema,
  MonitoringRunSchema,
  MonitoringRunsQuerySchema,
  SignalRulesResponseSchema,
} from '../../shared/monitoring/api';
import { SIGNAL_RULES, SignalRuleSetSchema } from '../../shared/monitoring/rules';
import type { Database } from '../db/database';
import { conflict, notFound } from '../http/problems';
import { defineRoute } from '../http/routes';
import { getRunRoute, startRunRoute } from '../jobs/run-routes';
import { latestRuns, type MonitoringJob, runById } from '../monitoring/job';

const SUPERVISOR = MONITORING_ROLES;
const RunParams = z.strictObject({ id: MonitoringRunIdSchema });

export function monitoringRoutes(db: Database, job: MonitoringJob) {
  return [
    startRunRoute({
      url: '/api/v1/monitoring/runs',
      summary: 'Start the monitoring job now (or resume a crashed run); 409 with the live run while one is going on',
      tags: ['monitoring'],
      access: SUPERVISOR,
      response: MonitoringRunSchema,
      problems: { 409: 'A monitoring run is in progress (`run` carries it)' },
      start: async ({ user }) => {
        const r = await job.start('manual', user.id);
        // A manual claim is never skipped (only a scheduled slot is): busy carries the live run.
        return { busy: r.kind !== 'started', run: r.run! };
      },
      busy: (run) =>
        conflict(
          'monitoring.run_in_progress',
          `Monitoring run ${run?.id} is in progress (${run?.loansDone} of ${run?.loansTotal} loans); wait for it to finish.`,
          { run },
        ),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/monitoring/runs',
      summary: "The monitoring job's runs, latest first",
      tags: ['monitoring'],
      access: SUPERVISOR,
      query: MonitoringRunsQuerySchema,
      response: MonitoringRunListSchema,
      handler: async ({ query }) => ({ runs: (await latestRuns(db, query.limit ?? 20)).map((r) => job.view(r)) }),
    }),
    getRunRoute({
      url: '/api/v1/monitoring/runs',
      summary: 'One monitoring run: progress, duration, signals raised and cleared',
      tags: ['monitoring'],
      access: SUPERVISOR,
      params: RunParams,
      response: MonitoringRunSchema,
      problems: { 404: 'No such run' },
      load: async (id) => {
        const r = await runById(db, id);
        return r && job.view(r);
      },
      missing: (id) => notFound(`No monitoring run ${id}.`),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/monitoring/rules',
      summary: 'The early-warning signal rules in force (versioned)',
      tags: ['monitoring'],
      access: SUPERVISOR,
      response: SignalRulesResponseSchema,
      handler: async () => ({ valid: true as const, rules: SIGNAL_RULES }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/monitoring/rules/check',
      summary: 'Check a proposed signal rule set (strict: an unknown field is refused); changes nothing',
      tags: ['monitoring'],
      access: SUPERVISOR,
      body: SignalRuleSetSchema,
      response: SignalRulesResponseSchema,
      handler: async ({ body }) => ({ valid: true as const, rules: body }),
    }),
  ];
}
