import { LprReferenceSchema } from '../../shared/api/reference';
import { beijingDate } from '../../shared/calendar';
import { LPR_FIXINGS, lprStaleness } from '../../shared/reference/lpr';
import { defineRoute } from '../http/routes';

/** Reference data for every signed-in user; `now` is the clock staleness is measured against (tests pin it). */
export function referenceRoutes(now: () => number = Date.now) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/reference/lpr',
      summary:
        'The LPR history (every monthly fixing since 2019-08-20, basis points) and whether the table is stale: the latest fixing older than the one due by today (the 20th, or the next working day).',
      tags: ['reference'],
      access: 'authenticated',
      response: LprReferenceSchema,
      async handler() {
        const asOf = beijingDate(now());
        return { asOf, staleness: lprStaleness(asOf), fixings: [...LPR_FIXINGS] };
      },
    }),
  ];
}
