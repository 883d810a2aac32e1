/**
 * The supervisors' dashboards and the enterprise comparison over IPC: main forwards to the bank API
 * (which scopes and validates everything); the comparison set itself lives in preferences (`compareSet`).
 */
import { z } from 'zod';
import {
  DashboardFilterShape,
  DashboardIdSchema,
  DashboardSchema,
  DrillQuerySchema,
  DrillResultSchema,
} from '../../api/dashboards';
import {
  CompareSchema,
  EnterpriseIdSchema,
  EnterpriseListSchema,
  EnterpriseSearchQuerySchema,
  PeersSchema,
} from '../../api/enterprises';

export const DashboardRequestSchema = z.strictObject({ dashboard: DashboardIdSchema, ...DashboardFilterShape });
export const DrillRequestSchema = DrillQuerySchema.extend({ dashboard: DashboardIdSchema });

export const dashboardChannels = {
  /** One dashboard under the given filters (scoped by the bank API to the user's branch sub-tree). */
  'dashboards.get': { request: DashboardRequestSchema, response: DashboardSchema },
  /** The rows behind one figure of a dashboard, under the same filters. */
  'dashboards.drill': { request: DrillRequestSchema, response: DrillResultSchema },
} as const;
export type DashboardChannel = keyof typeof dashboardChannels;

export const compareChannels = {
  'enterprises.search': { request: EnterpriseSearchQuerySchema, response: EnterpriseListSchema },
  'enterprises.peers': {
    request: z.strictObject({ id: EnterpriseIdSchema, limit: z.number().int().min(1).max(3).default(3) }),
    response: PeersSchema,
  },
  /** 2–4 enterprises; the bank API refuses other counts with a message the UI shows as is. */
  'enterprises.compare': {
    request: z.strictObject({ ids: z.array(EnterpriseIdSchema).min(1).max(8) }),
    response: CompareSchema,
  },
} as const;
export type CompareChannel = keyof typeof compareChannels;
