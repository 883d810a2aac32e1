/**
 * The loan page (issue 17 item 2): `GET /api/v1/loans/{id}` — the loan, its schedule with paid, due and
 * overdue instalments, days past due, classification history, signals, its application, contract and
 * service officer — and `GET /api/v1/loans?q=` to find a loan by id or borrower name. Scoped as
 * applications are (bank-api/loans/detail.ts): a loan outside the reader's scope is 404.
 */
import {
  LOAN_READ_ROLES,
  LoanDetailSchema,
  LoanIdParamsSchema,
  LoanSearchQuerySchema,
  LoanSearchResultSchema,
} from '../../shared/api/loans';
import type { Database } from '../db/database';
import { inBackground } from '../db/database';
import { notFound } from '../http/problems';
import { defineRoute } from '../http/routes';
import { loanDetail, searchLoans } from '../loans/detail';

export function loanRoutes(db: Database) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/loans',
      summary:
        'Find loans in your scope by loan id, by part of the borrower’s name, or by service officer (largest balance first).',
      tags: ['loans'],
      access: LOAN_READ_ROLES,
      query: LoanSearchQuerySchema,
      response: LoanSearchResultSchema,
      problems: {
        400: 'neither q nor officer given, q shorter than two characters or longer than 60, or an unknown query parameter',
      },
      async handler({ query, user }) {
        return searchLoans(inBackground(db), user, { q: query.q, officer: query.officer }, query.limit);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/loans/:id',
      summary:
        'One loan: terms, schedule with paid, due and overdue instalments, days past due, classification history, signals, its application, contract and service officer.',
      tags: ['loans'],
      access: LOAN_READ_ROLES,
      params: LoanIdParamsSchema,
      response: LoanDetailSchema,
      problems: {
        400: 'not a loan id',
        404: 'no such loan in your scope (your branch and those beneath it, or the clients you serve)',
      },
      async handler({ params, user }) {
        const loan = await loanDetail(db, user, params.id);
        if (!loan) throw notFound(`Loan ${params.id} was not found in your scope.`);
        return loan;
      },
    }),
  ];
}
