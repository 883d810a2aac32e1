import { QuoteRequestSchema, QuoteResponseSchema, quote } from '../../shared/loan/quote';
import { defineRoute } from '../http/routes';

export function quoteRoutes() {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/quotes',
      summary: 'Repayment schedule and annualised rate (IRR, fees included) for given terms.',
      tags: ['loans'],
      access: 'authenticated',
      body: QuoteRequestSchema,
      response: QuoteResponseSchema,
      async handler({ body }) {
        return quote(body);
      },
    }),
  ];
}
