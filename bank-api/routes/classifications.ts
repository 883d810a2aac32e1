import {
  CLASSIFICATION_READ_ROLES,
  CLASSIFICATION_REVIEW_ROLES,
  CLASSIFICATION_RUN_ROLES,
  ClassificationListQuerySchema,
  ClassificationListSchema,
  ClassificationParamsSchema,
  DecideClassificationRequestSchema,
  DecideClassificationResponseSchema,
  RunClassificationRequestSchema,
  RunClassificationResponseSchema,
} from '../../shared/api/classifications';
import { decideClassification, listClassifications, runMonthEnd } from '../classification/service';
import type { Database } from '../db/database';
import { inBackground } from '../db/database';
import { defineRoute } from '../http/routes';

/** 五级分类 review (issue 17.4): the month-end run, the reviewer's list, and the decision. */
export function classificationRoutes(db: Database) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/classifications/runs',
      summary:
        'Supervisor: propose a five-level class for every active loan at a month-end (idempotent per loan and period).',
      tags: ['classification'],
      access: CLASSIFICATION_RUN_ROLES,
      body: RunClassificationRequestSchema,
      response: RunClassificationResponseSchema,
      problems: {
        422: 'The period is not a month-end (classification.not_month_end) or is after the loan data (classification.future_period).',
      },
      async handler({ body, user }) {
        return runMonthEnd(db, user, body.period);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/classifications',
      summary:
        "A month-end's proposals in your branch scope: proposed against current, the rules' reasons, the review.",
      tags: ['classification'],
      access: CLASSIFICATION_READ_ROLES,
      query: ClassificationListQuerySchema,
      response: ClassificationListSchema,
      async handler({ query, user }) {
        return listClassifications(inBackground(db), user, query);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/classifications/:id/decision',
      summary:
        'Reviewer: confirm, or override with a reason; an upgrade out of non-performing then waits for a second, different senior approver (confirm or refuse with a reason).',
      tags: ['classification'],
      access: CLASSIFICATION_REVIEW_ROLES,
      params: ClassificationParamsSchema,
      body: DecideClassificationRequestSchema,
      response: DecideClassificationResponseSchema,
      problems: {
        403: 'The second review needs a senior approver who is not the first reviewer (classification.same_reviewer, classification.second_reviewer_role).',
        404: 'No such classification in your scope.',
        409: 'Already decided, superseded by a later month-end, or not in a state for this action.',
        422: 'Override without a reason (classification.reason_required), a class below the rules’ floor (classification.below_floor), or an upgrade out of non-performing too early (classification.upgrade_not_eligible).',
      },
      async handler({ params, body, user }) {
        return { classification: await decideClassification(db, user, params.id, body) };
      },
    }),
  ];
}
