import { RevealAlertListQuerySchema, RevealAlertListSchema } from '../../shared/api/audit';
import { listRevealAlerts } from '../audit/reveals';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';

/** Supervisors' list of full-ID reveal limit breaches (bank-api/audit/reveals.ts). */
export function revealAlertRoutes(db: Database) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/audit/reveal-alerts',
      summary:
        'Users who reached the hourly limit of full ID numbers shown to them, within your branch sub-tree, newest first.',
      tags: ['audit'],
      access: ['supervisor'],
      query: RevealAlertListQuerySchema,
      response: RevealAlertListSchema,
      async handler({ query, user }) {
        return listRevealAlerts(db, user, query);
      },
    }),
  ];
}
