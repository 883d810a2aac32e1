/**
 * The published 清单 (issue 15 item 4): GET /api/v1/policy answers, for every signed-in staff member,
 * the rule set in force today (workflow/rule-sets.ts ruleSetInForce — the one the submission path runs)
 * with its admission standards and negative list in words, and the material lists by product and
 * customer group (shared/credit/materials.ts — the data the submission's checklist is built from).
 * Nothing in it is about a customer, so there is no scope to apply.
 */
import { z } from 'zod';
import { PolicyDocumentSchema } from '../../shared/api/policy';
import { beijingDate } from '../../shared/calendar';
import { policyDocument } from '../../shared/credit/policy-document';
import { BANK_LEGAL_NAME } from '../contracts/data';
import type { Database } from '../db/database';
import { defineRoute } from '../http/routes';
import { renderPolicyPdf } from '../policy/render';
import { ruleSetInForce } from '../workflow/rule-sets';

export function policyRoutes(db: Database) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/policy',
      summary: 'The published 清单: admission standards, negative list and material lists of the rule set in force.',
      tags: ['policy'],
      access: 'authenticated',
      response: PolicyDocumentSchema,
      async handler() {
        const today = beijingDate(new Date());
        return policyDocument(await ruleSetInForce(db, today), today);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/policy.pdf',
      summary:
        "The published 清单 as a PDF in Chinese (准入标准、负面清单与材料清单), made with the contracts' PDF engine; the same bytes for the same rule-set version.",
      tags: ['policy'],
      access: 'authenticated',
      response: z.custom<Buffer>((v) => v instanceof Uint8Array, 'PDF bytes'),
      produces: 'application/pdf',
      async handler({ reply }) {
        const today = beijingDate(new Date());
        const doc = policyDocument(await ruleSetInForce(db, today), today);
        const { pdf } = await renderPolicyPdf(doc, BANK_LEGAL_NAME);
        reply.header('Content-Type', 'application/pdf');
        reply.header(
          'Content-Disposition',
          `inline; filename="policy-${doc.version}.pdf"; filename*=UTF-8''${encodeURIComponent(`准入标准负面清单与材料清单-${doc.version}.pdf`)}`,
        );
        return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      },
    }),
  ];
}
