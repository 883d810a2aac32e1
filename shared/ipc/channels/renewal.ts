/**
 * Renewal (续贷) and top-up (增额) from a loan over IPC (issue 17 item 5): the rules' answer on one loan
 * (GET /api/v1/loans/{id}/renewal-eligibility) and starting a renewal or a top-up (POST
 * /api/v1/loans/{id}/renewal). Main forwards each to the bank API as the signed-in user, with one
 * Idempotency-Key per submission; the bank API scopes, validates and decides.
 */
import { z } from 'zod';
import {
  RenewalEligibilityResponseSchema,
  RenewalLoanParamsSchema,
  StartRenewalRequestSchema,
  StartRenewalResponseSchema,
} from '../../api/renewal';

const LoanId = RenewalLoanParamsSchema.shape.id;

export const renewalChannels = {
  'renewal.eligibility': {
    request: z.strictObject({ loanId: LoanId }),
    response: RenewalEligibilityResponseSchema,
  },
  'renewal.start': {
    request: z.strictObject({ loanId: LoanId, ...StartRenewalRequestSchema.shape }),
    response: StartRenewalResponseSchema,
  },
} as const;
export type RenewalChannel = keyof typeof renewalChannels;
