import { bankApi } from '../../../shared/api/paths';
import type { DashboardChannel } from '../../../shared/ipc/channels/dashboards';
import { type FeatureHandlers, requireToken } from '../context';

/** Dashboards and their drill-downs, from the bank API. */
export const dashboardHandlers: FeatureHandlers<DashboardChannel> = {
  async 'dashboards.get'({ dashboard, ...filters }, ctx) {
    return ctx.bank.call(bankApi.dashboard, { params: { dashboard }, query: filters, token: requireToken(ctx) });
  },
  async 'dashboards.drill'({ dashboard, ...q }, ctx) {
    return ctx.bank.call(bankApi.drill, { params: { dashboard }, query: q, token: requireToken(ctx) });
  },
};
