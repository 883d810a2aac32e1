import {
  CLASSIFICATION_READ_ROLES,
  CLASSIFICATION_REVIEW_ROLES,
  CLASSIFICATION_RUN_ROLES,
  ClassificationListQuerySchema,
  ClassificationListSchema,
  ClassificationParamsSchema,
  ClassificationRunListSchema,
  ClassificationRunParamsSchema,
  ClassificationRunSchema,
  ClassificationRunsQuerySchema,
  DecideClassificationRequestSchema,
  DecideClassificationResponseSchema,
  RunClassificationRequestSchema,
} from '../../shared/api/classifications';
import { isMonthEnd } from '../../shared/credit/classification';
import {
  type ClassificationJob,
  classificationJobFor,
  classificationRunById,
  latestClassificationRuns,
} from '../classification/job';
import { decideClassification, listClassifications } from '../classification/service';
import type { Database } from '../db/database';
import { inBackground } from '../db/database';
import { conflict, notFound, validationFailed } from '../http/problems';
import { defineRoute } from '../http/routes';
import { getRunRoute, startRunRoute } from '../jobs/run-routes';

/**
 * 五级分类 review (issue 17.4): the month-end run (a background job: bank-api/classification/job.ts) and
 * its progress, the reviewer's list, and the decision.
 */
export function classificationRoutes(db: Database, job: ClassificationJob = classificationJobFor(db)) {
  return [
    startRunRoute({
      url: '/api/v1/classifications/runs',
      summary:
        'Supervisor: start the month-end run — a five-level proposal for every active loan at the period (idempotent per loan and period) — in the background: 202 with the run to follow at /api/v1/classifications/runs/{id}. While a run of the same period goes on, answers that run; a crashed run is resumed.',
      tags: ['classification'],
      access: CLASSIFICATION_RUN_ROLES,
      body: RunClassificationRequestSchema,
      response: ClassificationRunSchema,
      problems: {
        409: 'A run of another month-end is in progress (classification.run_in_progress; `run` carries it).',
        422: 'The period is not a month-end (classification.not_month_end) or is after the loan data (classification.future_period).',
      },
      async start({ body, user }) {
        const r = await job.start(user, body.period);
        return { busy: r.kind === 'busy', run: r.run };
      },
      busy: (run, body) =>
        conflict(
          'classification.run_in_progress',
          `The month-end run ${run.id} of ${run.period} is in progress (${run.loansDone} of ${run.loansTotal} loans); start ${body.period} when it is done.`,
          { run },
        ),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/classifications/runs',
      summary: 'The month-end runs, latest first (optionally of one period): status, progress, figures.',
      tags: ['classification'],
      access: CLASSIFICATION_READ_ROLES,
      query: ClassificationRunsQuerySchema,
      response: ClassificationRunListSchema,
      async handler({ query }) {
        if (query.period !== undefined && !isMonthEnd(query.period)) {
          throw validationFailed('query.period', `${query.period} is not a month-end (the last day of a month).`);
        }
        return { runs: (await latestClassificationRuns(inBackground(db), query)).map((r) => job.view(r)) };
      },
    }),
    getRunRoute({
      url: '/api/v1/classifications/runs',
      summary: 'One month-end run: status, progress (loans done of the total), duration, proposals added.',
      tags: ['classification'],
      access: CLASSIFICATION_READ_ROLES,
      params: ClassificationRunParamsSchema,
      response: ClassificationRunSchema,
      problems: { 404: 'No such run.' },
      async load(id) {
        const r = await classificationRunById(inBackground(db), id);
        return r && job.view(r);
      },
      missing: (id) => notFound(`No classification run ${id}.`),
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
