import {
  CreateRuleSetDraftSchema,
  RejectRuleSetSchema,
  ReplayRequestSchema,
  ReplayResponseSchema,
  RULE_SET_ROLES,
  RuleSetDetailSchema,
  RuleSetListSchema,
  RuleSetVersionParams,
  UpdateRuleSetDraftSchema,
} from '../../shared/api/rule-sets';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';
import {
  approveRuleSet,
  createDraft,
  getRuleSet,
  listRuleSets,
  rejectRuleSet,
  replayDraft,
  submitDraft,
  updateDraft,
} from '../workflow/rule-sets';

const NOT_FOUND = { 404: 'No such rule-set version.' };
const STATE = { 409: 'The version is not in the state the action needs (rule_set.not_draft / rule_set.not_pending).' };

/** Rule-set publishing (issue 14 item 9): versions, drafts, replay and the four-eyes approval. */
export function ruleSetRoutes(db: Database) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/rule-sets',
      summary: 'Rule-set versions, newest first, and the version in force today.',
      tags: ['rule-sets'],
      access: RULE_SET_ROLES,
      response: RuleSetListSchema,
      async handler() {
        return listRuleSets(db);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/rule-sets/:version',
      summary: 'One rule-set version with its data (admission, negative list, routing, pricing authority).',
      tags: ['rule-sets'],
      access: RULE_SET_ROLES,
      params: RuleSetVersionParams,
      response: RuleSetDetailSchema,
      problems: NOT_FOUND,
      async handler({ params }) {
        return getRuleSet(db, params.version);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/rule-sets',
      summary: 'A new draft: a copy of the version in force, taking effect tomorrow until edited. Audited.',
      tags: ['rule-sets'],
      access: RULE_SET_ROLES,
      body: CreateRuleSetDraftSchema,
      response: RuleSetDetailSchema,
      status: 201,
      async handler({ body, user }) {
        return db.tx((q) => createDraft(q, user, body));
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/rule-sets/:version',
      summary:
        'Replace a draft (its author only): thresholds, negative list, routing, pricing authority, effective date. Validated strictly; an effective date in the past is refused.',
      tags: ['rule-sets'],
      access: RULE_SET_ROLES,
      params: RuleSetVersionParams,
      body: UpdateRuleSetDraftSchema,
      response: RuleSetDetailSchema,
      problems: { 403: 'Not the author of the draft.', ...NOT_FOUND, ...STATE },
      async handler({ params, body, user }) {
        return db.tx((q) => updateDraft(q, user, params.version, body));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/rule-sets/:version/replay',
      summary:
        'Replay a version over the last N decided cases: which outcomes (decision, tier, grade) would change against what was recorded, and why.',
      tags: ['rule-sets'],
      access: RULE_SET_ROLES,
      params: RuleSetVersionParams,
      body: ReplayRequestSchema,
      response: ReplayResponseSchema,
      problems: NOT_FOUND,
      async handler({ params, body }) {
        return replayDraft(db, params.version, body.limit);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/rule-sets/:version/submit',
      summary:
        'Submit a draft for approval (its author only). Refused when invalid or taking effect in the past. Audited.',
      tags: ['rule-sets'],
      access: RULE_SET_ROLES,
      params: RuleSetVersionParams,
      response: RuleSetDetailSchema,
      problems: {
        403: 'Not the author of the draft.',
        ...NOT_FOUND,
        ...STATE,
        422: 'The version cannot be published as it stands (rule_set.invalid, rule_set.effective_date_past).',
      },
      async handler({ params, user }) {
        return db.tx((q) => submitDraft(q, user, params.version));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/rule-sets/:version/approve',
      summary:
        'Approve and publish a pending version: a second supervisor, never its author (four eyes). In force from its effective date. Audited.',
      tags: ['rule-sets'],
      access: RULE_SET_ROLES,
      params: RuleSetVersionParams,
      response: RuleSetDetailSchema,
      problems: {
        403: 'The author may not approve their own version (SOD_RULE_SET_AUTHOR).',
        ...NOT_FOUND,
        ...STATE,
        422: 'The version cannot be published as it stands (rule_set.invalid, rule_set.effective_date_past).',
      },
      async handler({ params, user }) {
        return db.tx((q) => approveRuleSet(q, user, params.version));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/rule-sets/:version/reject',
      summary: 'Reject a pending version with the reason: a second supervisor, never its author. Audited.',
      tags: ['rule-sets'],
      access: RULE_SET_ROLES,
      params: RuleSetVersionParams,
      body: RejectRuleSetSchema,
      response: RuleSetDetailSchema,
      problems: { 403: 'The author may not reject their own version.', ...NOT_FOUND, ...STATE },
      async handler({ params, body, user }) {
        return db.tx((q) => rejectRuleSet(q, user, params.version, body.reason));
      },
    }),
  ];
}
