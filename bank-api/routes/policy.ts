/**
 * The published 清单 (issue 15 item 4): GET /api/v1/policy answers, for every signed-in staff member,
 * the rule set in force today (workflow/rule-sets.ts ruleSetInForce — the one the submission path runs)
 * with its admission standards and negative list in words, and the material lists by product and
 * customer group (shared/credit/materials.ts — the data the submission's checklist is built from).
 * Nothing in it is about a customer, so there is no scope to apply.
 */
import { PolicyDocumentSchema } from '../../shared/api/policy';
import { beijingDate } from '../../shared/calendar';
import { policyDocument } from '../../shared/credit/policy-document';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';
import { ruleSetInForce } from '../workflow/rule-sets';

export function policyRoutes(db: Database) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/policy',
      summary: 'The published 清单: admission standards, negative list and material lists of the rule set in force.',
      tags: ['policy'],
      access: 'authenticated',
      response: PolicyDocumentSchema,
      async handler() {
        const today = beijingDate(new Date());
        return policyDocument(await ruleSetInForce(db, today), today);
      },
    }),
  ];
}
