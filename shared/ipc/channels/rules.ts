/**
 * Rule-set publishing (规则版本发布) over IPC: main forwards to the bank API, which validates the data,
 * enforces the four eyes and audits every step (bank-api/routes/rule-sets.ts).
 */
import { z } from 'zod';
import {
  CreateRuleSetDraftSchema,
  RejectRuleSetSchema,
  ReplayRequestSchema,
  ReplayResponseSchema,
  RuleSetDetailSchema,
  RuleSetListSchema,
  RuleSetVersionParams,
  UpdateRuleSetDraftSchema,
} from '../../api/rule-sets';

const Version = RuleSetVersionParams.shape.version;

export const ruleChannels = {
  /** Every rule-set version and the one in force today. */
  'rules.list': { request: z.strictObject({}), response: RuleSetListSchema },
  /** One version with its data. */
  'rules.get': { request: RuleSetVersionParams, response: RuleSetDetailSchema },
  /** A new draft copied from the version in force. */
  'rules.createDraft': { request: CreateRuleSetDraftSchema, response: RuleSetDetailSchema },
  /** Replace a draft's body (its author only). */
  'rules.updateDraft': {
    request: z.strictObject({ version: Version, draft: UpdateRuleSetDraftSchema }),
    response: RuleSetDetailSchema,
  },
  /** Replay a version over the last decided cases. */
  'rules.replay': { request: ReplayRequestSchema.extend({ version: Version }), response: ReplayResponseSchema },
  /** Draft → pending approval (its author). */
  'rules.submit': { request: RuleSetVersionParams, response: RuleSetDetailSchema },
  /** Pending → published, by a second supervisor. */
  'rules.approve': { request: RuleSetVersionParams, response: RuleSetDetailSchema },
  /** Pending → rejected with the reason, by a second supervisor. */
  'rules.reject': { request: RejectRuleSetSchema.extend({ version: Version }), response: RuleSetDetailSchema },
} as const;
export type RuleChannel = keyof typeof ruleChannels;
