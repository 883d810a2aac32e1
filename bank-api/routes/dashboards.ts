import { z } from 'zod';
import { DASHBOARD_ROLES } from '../../shared/api/areas';
import {
  DashboardIdSchema,
  DashboardQuerySchema,
  DashboardSchema,
  DrillQuerySchema,
  DrillResultSchema,
} from '../../shared/api/dashboards';
import { dashboard, drill } from '../dashboards/service';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';
import { enterpriseRoutes } from './enterprises';
import { repaymentRoutes } from './repayments';

const Params = z.strictObject({ dashboard: DashboardIdSchema });

/** The dashboards, the enterprise comparison beside them and the RM's repayment reminders (one entry in app.ts). */
export function dashboardRoutes(db: Database) {
  return [
    ...enterpriseRoutes(db),
    ...repaymentRoutes(db),
    defineRoute({
      method: 'GET',
      url: '/api/v1/dashboards/:dashboard',
      summary:
        'A dashboard (process, portfolio, warning, regulatory) for a period, branch sub-tree, product, tier and industry, within your scope.',
      tags: ['dashboards'],
      access: DASHBOARD_ROLES,
      params: Params,
      query: DashboardQuerySchema,
      response: DashboardSchema,
      async handler({ params, query, user }) {
        return dashboard(db, user, params.dashboard, query);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/dashboards/:dashboard/drill',
      summary:
        'The rows behind one figure (panel, row, series) under the same filters: their number is the count, their balances the sum.',
      tags: ['dashboards'],
      access: DASHBOARD_ROLES,
      params: Params,
      query: DrillQuerySchema,
      response: DrillResultSchema,
      async handler({ params, query, user }) {
        return drill(db, user, params.dashboard, query);
      },
    }),
  ];
}
