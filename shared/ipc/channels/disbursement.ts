/**
 * 放款审核 over IPC (disbursement officers): the queue of signed cases, one case's conditions with their
 * evidence, and the maker-checker steps — record evidence, prepare (maker), send back or confirm
 * (checker ≠ maker). Main forwards each to the bank API as the signed-in user, with the disbursement's
 * version as If-Match and one Idempotency-Key per submission; the bank API validates and decides.
 *
 * Evidence files: the page's chosen file comes as base64 (Electron and browser mode alike; the web host
 * gives this channel a file-sized body, electron/web/host.ts FILE_CHANNEL_MAX_BODY_BYTES) and main passes
 * it to the bank, which checks its content; the checker gets a file back as base64 with its type.
 */
import { z } from 'zod';
import {
  ConfirmDisbursementRequestSchema,
  DisbursementDetailSchema,
  DisbursementQueueQuerySchema,
  DisbursementQueueSchema,
  DisbursementWriteResponseSchema,
  PrepareDisbursementRequestSchema,
  RecordEvidenceRequestSchema,
  SendBackDisbursementRequestSchema,
  UploadDisbursementDocumentResponseSchema,
} from '../../api/disbursement';
import { base64Length, DEFAULT_UPLOAD_MAX_BYTES } from '../../files/uploads';

const ApplicationId = z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id');
const Version = z.number().int().min(0);
/** The case and the disbursement version a write was made against. */
const Target = { applicationId: ApplicationId, version: Version };

export const disbursementChannels = {
  /** GET /api/v1/disbursements: signed cases in my scope with their disbursement state. */
  'disbursement.queue': { request: DisbursementQueueQuerySchema, response: DisbursementQueueSchema },
  /** GET /api/v1/applications/{id}/disbursement. */
  'disbursement.get': {
    request: z.strictObject({ applicationId: ApplicationId }),
    response: DisbursementDetailSchema,
  },
  /** PUT …/disbursement/conditions/{index}: the maker records one condition's evidence. */
  'disbursement.record': {
    request: z.strictObject({
      ...Target,
      index: z.number().int().min(0).max(40),
      ...RecordEvidenceRequestSchema.shape,
    }),
    response: DisbursementWriteResponseSchema,
  },
  /** POST …/disbursement/prepare: the maker submits every condition's evidence for checking. */
  'disbursement.prepare': {
    request: z.strictObject({ ...Target, ...PrepareDisbursementRequestSchema.shape }),
    response: DisbursementWriteResponseSchema,
  },
  /** POST …/disbursement/send-back: the checker returns the case to the maker with a reason. */
  'disbursement.sendBack': {
    request: z.strictObject({ ...Target, ...SendBackDisbursementRequestSchema.shape }),
    response: DisbursementWriteResponseSchema,
  },
  /** POST …/disbursement: the checker (not the maker) confirms; signed → disbursed, the loan created. */
  'disbursement.confirm': {
    request: z.strictObject({ ...Target, ...ConfirmDisbursementRequestSchema.shape }),
    response: DisbursementWriteResponseSchema,
  },
  /**
   * POST …/disbursement/documents: the maker uploads an evidence scan (PDF, JPEG or PNG; at most 10 MB —
   * the bank's default MATERIAL_MAX_BYTES, which refuses more with 413). Its id goes into the evidence.
   */
  'disbursement.documents.upload': {
    request: z.strictObject({
      applicationId: ApplicationId,
      file: z.strictObject({
        name: z.string().min(1).max(200),
        base64: z.string().max(base64Length(DEFAULT_UPLOAD_MAX_BYTES)),
      }),
    }),
    response: UploadDisbursementDocumentResponseSchema,
  },
  /** GET …/disbursement/documents/{documentId}: an evidence file, for the checker to open or save. */
  'disbursement.documents.get': {
    request: z.strictObject({ applicationId: ApplicationId, documentId: z.string().regex(/^\d{1,15}$/) }),
    response: z.object({ mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png']), base64: z.string() }),
  },
} as const;
export type DisbursementChannel = keyof typeof disbursementChannels;
