/**
 * The supervisors' dashboards over IPC: main forwards to the bank API, which scopes and validates
 * everything. (The enterprise comparison is its own feature: channels/compare.ts.)
 */
import { z } from 'zod';
import {
  DashboardFilterShape,
  DashboardIdSchema,
  DashboardSchema,
  DrillQuerySchema,
  DrillResultSchema,
} from '../../api/dashboards';

export const DashboardRequestSchema = z.strictObject({ dashboard: DashboardIdSchema, ...DashboardFilterShape });
export const DrillRequestSchema = DrillQuerySchema.extend({ dashboard: DashboardIdSchema });

export const dashboardChannels = {
  /** One dashboard under the given filters (scoped by the bank API to the user's branch sub-tree). */
  'dashboards.get': { request: DashboardRequestSchema, response: DashboardSchema },
  /** The rows behind one figure of a dashboard, under the same filters. */
  'dashboards.drill': { request: DrillRequestSchema, response: DrillResultSchema },
} as const;
export type DashboardChannel = keyof typeof dashboardChannels;
