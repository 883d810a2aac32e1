import { HealthSchema } from '../../shared/api/auth';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';

export function healthRoutes(db: Database, version: string) {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness and database reachability.',
      tags: ['ops'],
      access: 'public',
      response: HealthSchema,
      async handler() {
        await db.query('SELECT 1');
        return { status: 'ok' as const, database: db.kind, version };
      },
    }),
  ];
}
