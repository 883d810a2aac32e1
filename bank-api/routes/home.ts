import { HomeSummarySchema } from '../../shared/api/home';
import { ROLES } from '../../shared/credit/authority';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';
import { homeSummary } from '../workflow/home';

/** The home screen: what each role needs to start the day (workflow/home.ts), within the queue's scope. */
export function homeRoutes(db: Database) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/home',
      summary:
        "The caller's day: claimed, due-soon, overdue, returned and decided-today cases (deciders); cases awaiting contracts and contracts exported unsigned (contract officers); regulatory breaches, early warnings and NPL against tolerance (supervisors); own applications by status (relationship managers).",
      tags: ['home'],
      access: ROLES,
      response: HomeSummarySchema,
      async handler({ user }) {
        return homeSummary(db, user);
      },
    }),
  ];
}
