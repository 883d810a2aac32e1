import { z } from 'zod';
import { verifyAuditChain } from '../audit/chain';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';
import { revealAlertRoutes } from './reveal-alerts';

export function auditRoutes(db: Database) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/audit/verify',
      summary: 'Walks the audit hash chain and reports the first broken link, if any.',
      tags: ['audit'],
      access: ['supervisor'],
      response: z.object({ ok: z.boolean(), events: z.number().int(), firstBrokenSeq: z.number().int().nullable() }),
      async handler() {
        return verifyAuditChain(db);
      },
    }),
    ...revealAlertRoutes(db),
  ];
}
