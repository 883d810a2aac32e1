/**
 * Authority administration (授权管理) over IPC: main forwards to the bank API, which checks the
 * supervisor's role and scope, the four-eyes rule, delegation limits and effective dates.
 */
import { z } from 'zod';
import {
  AuthorityChangeIdSchema,
  AuthorityChangeSchema,
  AuthorityConfirmSchema,
  AuthorityHistoryQuerySchema,
  AuthorityHistorySchema,
  AuthorityHoldersSchema,
  AuthorityProposalSchema,
  AuthorityRejectSchema,
  AuthorityWithdrawSchema,
} from '../../api/authority';

export const authorityChannels = {
  /** Holders in the supervisor's branches: in force today, scheduled, pending. */
  'authority.users': { request: z.strictObject({}), response: AuthorityHoldersSchema },
  /** Every proposed, confirmed, rejected and withdrawn change, newest first. */
  'authority.history': { request: AuthorityHistoryQuerySchema, response: AuthorityHistorySchema },
  'authority.propose': { request: AuthorityProposalSchema, response: AuthorityChangeSchema },
  'authority.confirm': {
    request: AuthorityConfirmSchema.extend({ id: AuthorityChangeIdSchema }),
    response: AuthorityChangeSchema,
  },
  'authority.reject': {
    request: AuthorityRejectSchema.extend({ id: AuthorityChangeIdSchema }),
    response: AuthorityChangeSchema,
  },
  'authority.withdraw': {
    request: AuthorityWithdrawSchema.extend({ id: AuthorityChangeIdSchema }),
    response: AuthorityChangeSchema,
  },
} as const;
export type AuthorityChannel = keyof typeof authorityChannels;
