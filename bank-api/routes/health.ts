import { HealthSchema, ReadinessSchema } from '../../shared/api/auth';
import type { Database, DatabaseReadiness } from '../db/database';
import { serviceUnavailable } from '../http/problems';
import { defineRoute } from '../http/routes';

/** Seconds a client (or a load balancer) waits before asking again while the database is away. */
export const NOT_READY_RETRY_AFTER_S = 5;

async function readinessOf(db: Database): Promise<DatabaseReadiness> {
  if (db.readiness) return db.readiness();
  try {
    await db.query('SELECT 1');
    return { database: 'up', listen: 'none' };
  } catch (e) {
    return { database: 'unavailable', listen: 'none', detail: (e as Error).message };
  }
}

export function healthRoutes(db: Database, version: string) {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness: the process is up. Answers 200 even while the database is away (database: "unavailable").',
      tags: ['ops'],
      access: 'public',
      response: HealthSchema,
      async handler() {
        const r = await readinessOf(db);
        return {
          status: 'ok' as const,
          database: r.database === 'up' ? db.kind : ('unavailable' as const),
          engine: db.kind,
          version,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/readyz',
      summary:
        'Readiness: 200 when the database answers and the queue-event LISTEN connection is up; else 503 not_ready naming which.',
      tags: ['ops'],
      access: 'public',
      response: ReadinessSchema,
      async handler({ reply }) {
        const r = await readinessOf(db);
        if (r.database !== 'up' || r.listen === 'down') {
          const what = [
            r.database !== 'up' ? 'the database does not answer' : null,
            r.listen === 'down' ? 'the LISTEN connection for queue events is down (reconnecting)' : null,
          ].filter(Boolean);
          reply.header('retry-after', String(NOT_READY_RETRY_AFTER_S));
          throw serviceUnavailable('not_ready', `Not ready: ${what.join('; ')}.`, undefined, {
            database: r.database,
            listen: r.listen,
            ...(r.detail ? { reason: r.detail } : {}),
          });
        }
        return { status: 'ready' as const, engine: db.kind, database: 'up' as const, listen: r.listen, version };
      },
    }),
  ];
}
