import type { z } from 'zod';
import type { DashboardSchema, DrillResultSchema } from '../../../shared/api/dashboards';
import type { CompareSchema, EnterpriseListSchema, PeersSchema } from '../../../shared/api/enterprises';
import type { CompareChannel, DashboardChannel } from '../../../shared/ipc/channels/dashboards';
import { type FeatureHandlers, requireToken } from '../context';

function query(params: Record<string, unknown>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) qs.set(k, String(v));
  return qs.toString();
}

/** Dashboards and their drill-downs, from the bank API. */
export const dashboardHandlers: FeatureHandlers<DashboardChannel> = {
  async 'dashboards.get'({ dashboard, ...filters }, ctx) {
    return ctx.bank.request<z.infer<typeof DashboardSchema>>(
      'GET',
      `/api/v1/dashboards/${dashboard}?${query(filters)}`,
      { token: requireToken(ctx) },
    );
  },
  async 'dashboards.drill'({ dashboard, ...q }, ctx) {
    return ctx.bank.request<z.infer<typeof DrillResultSchema>>(
      'GET',
      `/api/v1/dashboards/${dashboard}/drill?${query(q)}`,
      { token: requireToken(ctx) },
    );
  },
};

/** Enterprise search, closest peers and comparison, from the bank API. */
export const compareHandlers: FeatureHandlers<CompareChannel> = {
  async 'enterprises.search'(req, ctx) {
    return ctx.bank.request<z.infer<typeof EnterpriseListSchema>>('GET', `/api/v1/enterprises?${query(req)}`, {
      token: requireToken(ctx),
    });
  },
  async 'enterprises.peers'({ id, limit }, ctx) {
    return ctx.bank.request<z.infer<typeof PeersSchema>>(
      'GET',
      `/api/v1/enterprises/${encodeURIComponent(id)}/peers?limit=${limit}`,
      { token: requireToken(ctx) },
    );
  },
  async 'enterprises.compare'({ ids }, ctx) {
    return ctx.bank.request<z.infer<typeof CompareSchema>>(
      'GET',
      `/api/v1/enterprises/compare?ids=${ids.map(encodeURIComponent).join(',')}`,
      { token: requireToken(ctx) },
    );
  },
};
