import type { BankRoute } from '../../../shared/api/paths';
import { RenewalEligibilityResponseSchema, StartRenewalResponseSchema } from '../../../shared/api/renewal';
import type { RenewalChannel } from '../../../shared/ipc/channels/renewal';
import { BankHeader } from '../../../shared/ipc/transport';
import { type FeatureHandlers, requireToken } from '../context';
import { idempotencyKeyFor } from './case';

/** The renewal routes (bank-api/routes/renewal.ts; shared/api/renewal.ts). */
export const RENEWAL_ROUTES = {
  eligibility: {
    method: 'GET',
    url: '/api/v1/loans/:id/renewal-eligibility',
    response: RenewalEligibilityResponseSchema,
  },
  start: { method: 'POST', url: '/api/v1/loans/:id/renewal', response: StartRenewalResponseSchema },
} as const satisfies Record<string, BankRoute>;

/**
 * 续贷 / 增额: each call as the signed-in user. A start carries one Idempotency-Key per submission (the same
 * loan and body by the same session gets the same key), so a retry after a lost answer replays the first
 * answer instead of creating a second application.
 */
export const renewalHandlers: FeatureHandlers<RenewalChannel> = {
  async 'renewal.eligibility'({ loanId }, ctx) {
    return ctx.bank.call(RENEWAL_ROUTES.eligibility, { params: { id: loanId }, token: requireToken(ctx) });
  },
  async 'renewal.start'({ loanId, ...body }, ctx) {
    const token = requireToken(ctx);
    return ctx.bank.call(RENEWAL_ROUTES.start, {
      params: { id: loanId },
      body,
      headers: { [BankHeader.idempotencyKey]: idempotencyKeyFor(token, `renewal.start:${loanId}`, 0, body) },
      token,
    });
  },
};
