/**
 * The counter-signed contract import (issue 16 item 1): the signed PDF from the e-signature platform
 * as base64, and the verification report the bank API and the workstation both produce with
 * node-shared/countersign (codes and checks are that module's; the UI words them through i18n).
 */
import { z } from 'zod';
import { StatusSchema } from '../workflow/status';
import { ContractRecordSchema } from './contracts';

/** The largest signed PDF accepted: 20 MiB (node-shared/countersign COUNTERSIGN_MAX_BYTES). */
export const COUNTERSIGNED_MAX_BYTES = 20 * 1024 * 1024;
/** base64 of COUNTERSIGNED_MAX_BYTES. */
export const COUNTERSIGNED_MAX_BASE64 = Math.ceil(COUNTERSIGNED_MAX_BYTES / 3) * 4;

export const CountersignCodeSchema = z.enum([
  'too_large',
  'not_pdf',
  'encrypted',
  'malformed',
  'original_altered',
  'bank_signature_invalid',
  'bank_only',
  'signer_missing',
  'signer_signature_invalid',
  'signer_mismatch',
  'signer_untrusted',
  'update_not_signature_only',
]);
export type CountersignCodeValue = z.infer<typeof CountersignCodeSchema>;

export const CountersignCheckSchema = z.object({
  check: z.enum(['format', 'original', 'bank_seal', 'signers', 'update']),
  ok: z.boolean(),
  code: CountersignCodeSchema.nullable(),
  detail: z.string(),
});

export const CountersignSignatureSchema = z.object({
  fieldName: z.string(),
  role: z.string(),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  signingTime: z.string().nullable(),
  coversTo: z.number().int(),
  digestOk: z.boolean(),
  signatureOk: z.boolean(),
  chainOk: z.boolean(),
  subjectMatches: z.boolean(),
});

export const CountersignReportSchema = z.object({
  ok: z.boolean(),
  code: CountersignCodeSchema.nullable(),
  sha256: z.string(),
  bytes: z.number().int(),
  checks: z.array(CountersignCheckSchema),
  signatures: z.array(CountersignSignatureSchema),
});
export type CountersignReportValue = z.infer<typeof CountersignReportSchema>;

export const ImportCountersignedRequestSchema = z.strictObject({
  pdfBase64: z
    .string()
    .min(4)
    .max(COUNTERSIGNED_MAX_BASE64, `at most ${COUNTERSIGNED_MAX_BYTES} bytes of PDF`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
});

export const ImportCountersignedResponseSchema = z.object({
  contract: ContractRecordSchema,
  applicationStatus: StatusSchema,
  verification: CountersignReportSchema,
});
