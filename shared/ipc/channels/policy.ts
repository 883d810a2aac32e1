/** The published 清单 over IPC: main forwards to GET /api/v1/policy(.pdf) (bank-api/routes/policy.ts). */
import { z } from 'zod';
import { PolicyDocumentSchema } from '../../api/policy';

export const policyChannels = {
  /** The rule set in force with its admission standards, negative list and material lists. */
  'policy.get': { request: z.strictObject({}), response: PolicyDocumentSchema },
  /** The same as a PDF in Chinese, made by the bank API: base64, to download. */
  'policy.pdf': { request: z.strictObject({}), response: z.object({ fileName: z.string(), pdfBase64: z.string() }) },
} as const;
export type PolicyChannel = keyof typeof policyChannels;
