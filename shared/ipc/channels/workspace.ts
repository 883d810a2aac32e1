/**
 * The relationship manager's workspace (客户经理工作台) over IPC: my applications (the bank API scopes
 * them to my branch), enterprise search, the product catalogue, the pre-approval answer and the
 * submission of a new application. Main forwards each to the bank API, which validates everything.
 */
import { z } from 'zod';
import {
  ApplicationListSchema,
  ApplicationSummarySchema,
  CreateApplicationRequestSchema,
} from '../../api/applications';
import { EnterpriseListSchema, EnterpriseSearchQuerySchema } from '../../api/enterprises';
import { PreapprovalRequestSchema, PreapprovalSchema, ProductListSchema } from '../../api/preapprovals';
import { RepaymentsQuerySchema, RepaymentsSchema } from '../../api/repayments';

export const workspaceChannels = {
  /** The applications in my scope, newest first (the workspace groups them by status, returned first). */
  'workspace.applications': { request: z.strictObject({}), response: ApplicationListSchema },
  'workspace.search': { request: EnterpriseSearchQuerySchema, response: EnterpriseListSchema },
  /** Repayment reminders: my clients' instalments due in the next N working days, and loans past due. */
  'workspace.repayments': { request: RepaymentsQuerySchema, response: RepaymentsSchema },
  'workspace.products': { request: z.strictObject({}), response: ProductListSchema },
  /** POST /api/v1/preapprovals: nothing is created. */
  'workspace.preapprove': { request: PreapprovalRequestSchema, response: PreapprovalSchema },
  /**
   * Submits the drafted application. `draftId` is made once per draft by the form and sent as the
   * Idempotency-Key, so a retry of the same draft never creates two applications.
   */
  'workspace.submit': {
    request: z.strictObject({
      draftId: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'not a draft id'),
      application: CreateApplicationRequestSchema,
    }),
    response: z.object({ application: ApplicationSummarySchema, decidedInstantly: z.boolean() }),
  },
} as const;
export type WorkspaceChannel = keyof typeof workspaceChannels;
