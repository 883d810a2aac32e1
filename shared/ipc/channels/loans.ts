/**
 * The loan page over IPC (issue 17 item 2): one loan (GET /api/v1/loans/{id}) and finding a loan by id
 * or borrower name (GET /api/v1/loans?q=). Main forwards each to the bank API as the signed-in user; the
 * bank API scopes (a loan outside the user's branches is not found) and validates.
 */
import { z } from 'zod';
import { LOAN_ID_PATTERN, LoanDetailSchema, LoanSearchQuerySchema, LoanSearchResultSchema } from '../../api/loans';

export const loanChannels = {
  'loans.get': {
    request: z.strictObject({ loanId: z.string().regex(LOAN_ID_PATTERN, 'not a loan id') }),
    response: LoanDetailSchema,
  },
  'loans.search': { request: LoanSearchQuerySchema, response: LoanSearchResultSchema },
} as const;
export type LoanChannel = keyof typeof loanChannels;
