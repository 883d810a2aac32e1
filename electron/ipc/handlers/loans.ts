import { LoanDetailSchema, LoanSearchResultSchema } from '../../../shared/api/loans';
import type { BankRoute } from '../../../shared/api/paths';
import type { LoanChannel } from '../../../shared/ipc/channels/loans';
import { type FeatureHandlers, requireToken } from '../context';

/** The loan page's routes (bank-api/routes/loans.ts; shared/api/loans.ts). */
export const LOAN_ROUTES = {
  get: { method: 'GET', url: '/api/v1/loans/:id', response: LoanDetailSchema },
  search: { method: 'GET', url: '/api/v1/loans', response: LoanSearchResultSchema },
} as const satisfies Record<string, BankRoute>;

/** The loan page: reads as the signed-in user; the bank API scopes and validates. */
export const loanHandlers: FeatureHandlers<LoanChannel> = {
  async 'loans.get'({ loanId }, ctx) {
    return ctx.bank.call(LOAN_ROUTES.get, { params: { id: loanId }, token: requireToken(ctx) });
  },
  async 'loans.search'(query, ctx) {
    return ctx.bank.call(LOAN_ROUTES.search, { query, token: requireToken(ctx) });
  },
};
