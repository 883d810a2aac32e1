import {
  RENEWAL_READ_ROLES,
  RENEWAL_START_ROLES,
  RenewalEligibilityResponseSchema,
  RenewalLoanParamsSchema,
  StartRenewalRequestSchema,
  StartRenewalResponseSchema,
} from '../../shared/api/renewal';
import type { Database } from '../db/database';
import { parseIdempotencyKey } from '../http/preconditions';
import { defineRoute } from '../http/routes';
import { renewalEligibilityFor, startRenewal } from '../renewal/renewal';
import type { ProfileProvider } from '../workflow/create';

/** Renewal (续贷) and top-up (增额) from a loan (issue 17 item 5; bank-api/renewal/renewal.ts). */
export function renewalRoutes(db: Database, provider: ProfileProvider) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/loans/:id/renewal-eligibility',
      summary:
        'Whether the loan may be renewed without repaying the principal (无还本续贷, rules RN-2024.1 after 金规〔2024〕13号) and why, condition by condition in Chinese and English; the pre-filled terms of a renewal and the renewals and top-ups started from it. Creates nothing.',
      tags: ['loans'],
      access: RENEWAL_READ_ROLES,
      params: RenewalLoanParamsSchema,
      response: RenewalEligibilityResponseSchema,
      problems: { 404: 'No such loan in your scope' },
      async handler({ params, user }) {
        return renewalEligibilityFor(db, provider, user, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/loans/:id/renewal',
      summary:
        "The client's relationship manager starts a renewal (续贷: the outstanding balance, or less) or a top-up (增额: new money) from the loan: an application pre-filled from the loan and the latest data, submitted and routed like any new application; the answer says whether 无还本续贷 is allowed and why. Needs Idempotency-Key.",
      tags: ['loans'],
      access: RENEWAL_START_ROLES,
      params: RenewalLoanParamsSchema,
      body: StartRenewalRequestSchema,
      response: StartRenewalResponseSchema,
      status: 201,
      problems: {
        403: 'Not a relationship manager, or the enterprise is not served by your branch (SCOPE_ENTERPRISE)',
        404: 'No such loan in your scope',
        409: 'The loan cannot be renewed or topped up — written off (renewal.loan_written_off), repaid (renewal.loan_closed), non-performing (renewal.loan_non_performing) — or a renewal or top-up of it is still on its way (renewal.already_open)',
        422: 'A renewal above the outstanding balance (renewal.amount_above_balance), a top-up without an amount (renewal.amount_required), or an Idempotency-Key reused for another request',
        428: 'Idempotency-Key missing',
      },
      async handler({ params, body, user, req, reply }) {
        const key = parseIdempotencyKey(req.headers['idempotency-key']);
        const r = await startRenewal(db, provider, user, params.id, body, key);
        if (r.replayed) reply.header('Idempotent-Replayed', 'true');
        reply.header('Location', `/api/v1/applications/${r.body.application.id}`);
        return r.body;
      },
    }),
  ];
}
