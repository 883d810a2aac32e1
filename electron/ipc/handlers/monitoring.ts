import type { BankRoute } from '../../../shared/api/paths';
import type { MonitoringChannel } from '../../../shared/ipc/channels/monitoring';
import { MonitoringRunListSchema, MonitoringRunSchema } from '../../../shared/monitoring/api';
import { type FeatureHandlers, requireToken } from '../context';

/** The monitoring job's routes (bank-api/routes/monitoring.ts; shared/monitoring/api.ts). */
export const MONITORING_ROUTES = {
  runs: { method: 'GET', url: '/api/v1/monitoring/runs', response: MonitoringRunListSchema },
  run: { method: 'GET', url: '/api/v1/monitoring/runs/:id', response: MonitoringRunSchema },
  start: { method: 'POST', url: '/api/v1/monitoring/runs', response: MonitoringRunSchema },
} as const satisfies Record<string, BankRoute>;

/** 贷后监测: each call as the signed-in supervisor, to the bank API (which allows supervisors only). */
export const monitoringHandlers: FeatureHandlers<MonitoringChannel> = {
  async 'monitoring.runs'({ limit }, ctx) {
    return ctx.bank.call(MONITORING_ROUTES.runs, {
      query: limit === undefined ? {} : { limit: String(limit) },
      token: requireToken(ctx),
    });
  },
  async 'monitoring.run'({ id }, ctx) {
    return ctx.bank.call(MONITORING_ROUTES.run, { params: { id }, token: requireToken(ctx) });
  },
  async 'monitoring.start'(_req, ctx) {
    return ctx.bank.call(MONITORING_ROUTES.start, { token: requireToken(ctx) });
  },
};
