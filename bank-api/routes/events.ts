import { z } from 'zod';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';
import type { EventHub } from '../workflow/events';
import { branchScope } from '../workflow/scope';

export const SSE_HEARTBEAT_MS = 15_000;

export function eventRoutes(db: Database, hub: EventHub) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/events',
      summary: 'Server-sent events: queue changes within your scope (application.created / application.updated).',
      tags: ['events'],
      access: ['approver', 'senior_approver', 'committee', 'contract_officer', 'supervisor'],
      response: z.unknown(),
      async handler({ user, req, reply }) {
        const scope = new Set(await branchScope(db, user!));
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write(`retry: 3000\n: connected\n\n`);
        const unsubscribe = hub.subscribe((e) => {
          if (scope.has(e.branchId)) res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
        });
        const beat = setInterval(() => res.write(': heartbeat\n\n'), SSE_HEARTBEAT_MS);
        req.raw.on('close', () => {
          clearInterval(beat);
          unsubscribe();
        });
        return undefined;
      },
    }),
  ];
}
