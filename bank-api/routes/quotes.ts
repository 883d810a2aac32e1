import { beijingDate } from '../../shared/calendar';
import { QuoteRequestSchema, QuoteResponseSchema, quote } from '../../shared/loan/quote';
import { ApiProblem } from '../http/problems';
import { defineRoute } from '../http/routes';

/** `now` is the clock the start-date window is measured from (tests pin it). */
export function quoteRoutes(now: () => number = Date.now) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/quotes',
      summary:
        'Repayment schedule and annualised rate (IRR, fees included) for given terms. The start date lies within 12 months of today (Beijing); the amount is at most 100000000.00 yuan.',
      tags: ['loans'],
      access: 'authenticated',
      body: QuoteRequestSchema,
      response: QuoteResponseSchema,
      async handler({ body }) {
        const answer = quote(body, { today: beijingDate(now()) });
        // The bounds above keep every answer within the wire formats; should one still not fit, the
        // terms are refused rather than answered with a server error.
        const checked = QuoteResponseSchema.safeParse(answer);
        if (!checked.success) {
          throw new ApiProblem(
            400,
            'quote_out_of_range',
            'Request refused',
            'These terms give figures beyond what a quote can state; check the amount, term and rate.',
          );
        }
        return checked.data;
      },
    }),
  ];
}
