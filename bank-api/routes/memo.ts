import { z } from 'zod';
import type { Role } from '../../shared/api/auth';
import { ROLES } from '../../shared/credit/authority';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';
import { memoFor } from '../memo/load';

const IdParams = z.strictObject({ id: z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id') });
/** Whoever may read the case (GET /applications/{id}: every staff role, narrowed by workflow/scope.ts). */
const READERS: readonly Role[] = ROLES;

/** The credit memo (审批意见书, issue 14 item 10): the PDF of a decided case for its file. */
export function memoRoutes(db: Database) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/applications/:id/memo.pdf',
      summary:
        'The credit memo (审批意见书) of a case with a final decision, as a PDF in Chinese: case, data dates, score and reasons, rules and routing, investigation, exceptions, terms and conditions, every signature and vote. The same bytes for the same case.',
      tags: ['applications'],
      access: READERS,
      params: IdParams,
      response: z.custom<Buffer>((v) => v instanceof Uint8Array, 'PDF bytes'),
      produces: 'application/pdf',
      problems: {
        404: 'No such application.',
        409: 'memo.no_final_decision: the case has not been approved or declined yet.',
      },
      async handler({ params, user, reply }) {
        const memo = await memoFor(db, user, params.id);
        reply.header('Content-Type', 'application/pdf');
        reply.header(
          'Content-Disposition',
          `inline; filename="memo-${params.id}.pdf"; filename*=UTF-8''${encodeURIComponent(memo.fileName)}`,
        );
        return Buffer.from(memo.pdf.buffer, memo.pdf.byteOffset, memo.pdf.byteLength);
      },
    }),
  ];
}
