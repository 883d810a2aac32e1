/**
 * The contract officer's screen over IPC: the queue of approved cases, every variable with its
 * source, generate (with a preview of the signed PDF), export (save dialog in Electron, a download in
 * browser mode), the explicit regeneration, and batch generation with progress. Generation and
 * signing run in main (electron/contracts/service.ts); the renderer only sees the results.
 */
import { z } from 'zod';
import { ContractDataResponseSchema, ContractQueueSchema, ContractRecordSchema } from '../../api/contracts';
import { CountersignReportSchema } from '../../api/countersign';
import { text } from '../../api/text';

const CaseId = z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id');
const DocumentId = z.string().regex(/^[A-Z0-9-]{4,80}$/, 'not a contract document id');
const TemplateIds = z
  .array(text({ min: 1, max: 60 }))
  .min(1)
  .max(5);

export const ContractVariableSchema = z.object({
  name: z.string(),
  label: z.string(),
  labelEn: z.string(),
  value: z.string(),
  source: z.string(),
});

export const ContractPreviewSchema = z.object({
  applicationId: z.string(),
  revision: z.number().int(),
  templateIds: z.array(z.string()),
  missing: ContractDataResponseSchema.shape.missing,
  sources: ContractDataResponseSchema.shape.sources,
  templates: z.array(
    z.object({
      templateId: z.string(),
      templateVersion: z.string(),
      title: z.string(),
      titleEn: z.string(),
      variables: z.array(ContractVariableSchema),
    }),
  ),
});
export type ContractPreview = z.infer<typeof ContractPreviewSchema>;

export const GeneratedDocumentSchema = z.object({
  documentId: z.string(),
  templateId: z.string(),
  templateVersion: z.string(),
  title: z.string(),
  sha256: z.string(),
  pdfBytes: z.number().int(),
  pageCount: z.number().int(),
  fileName: z.string(),
  supersedes: z.string().nullable(),
  record: ContractRecordSchema,
});
export type GeneratedDocumentInfo = z.infer<typeof GeneratedDocumentSchema>;

export const BatchItemSchema = z.object({
  applicationId: z.string(),
  state: z.enum(['pending', 'running', 'done', 'failed']),
  documents: z.array(z.string()),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export const BatchStatusSchema = z.object({
  jobId: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  finished: z.boolean(),
  items: z.array(BatchItemSchema),
});
export type BatchStatus = z.infer<typeof BatchStatusSchema>;

/**
 * Browser mode uploads the counter-signed PDF through the web host's IPC, which gives this channel a
 * 15 MiB body (electron/web/host.ts FILE_CHANNEL_MAX_BODY_BYTES): base64 of at most this many bytes (a
 * contract with its signatures is ~150 KB). The Electron file dialog reads up to the verifier's 20 MiB,
 * checking the size before reading.
 */
export const IMPORT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

export const ImportSignedResultSchema = z.object({
  /** signed: verified here and at the bank; refused: a check failed (nothing sent); cancelled: no file picked. */
  outcome: z.enum(['signed', 'refused', 'cancelled']),
  fileName: z.string().nullable(),
  verification: CountersignReportSchema.nullable(),
  record: ContractRecordSchema.nullable(),
  applicationStatus: z.string().nullable(),
});
export type ImportSignedResult = z.infer<typeof ImportSignedResultSchema>;

export const contractChannels = {
  /** Approved cases awaiting contracts in the officer's scope (or every contract-stage case). */
  'contracts.queue': {
    request: z.strictObject({
      view: z.enum(['open', 'all']).optional(),
      q: text({ max: 60, trim: true }).optional(),
      cursor: CaseId.optional(),
    }),
    response: ContractQueueSchema,
  },
  /** Every variable each applicable template prints, with value and source; what is missing. */
  'contracts.preview': {
    request: z.strictObject({ applicationId: CaseId, templateIds: TemplateIds.optional() }),
    response: ContractPreviewSchema,
  },
  /** The case's contract documents at the bank, superseded ones included. */
  'contracts.list': {
    request: z.strictObject({ applicationId: CaseId }),
    response: z.object({ items: z.array(ContractRecordSchema) }),
  },
  /**
   * Generate, seal and record the chosen contracts; `regenerate` is the explicit action that makes a
   * new revision superseding the live documents (kept at the bank).
   */
  'contracts.generate': {
    request: z.strictObject({
      applicationId: CaseId,
      templateIds: TemplateIds.optional(),
      regenerate: z.boolean().default(false),
    }),
    response: z.object({ documents: z.array(GeneratedDocumentSchema) }),
  },
  /** The signed PDF of a kept document, base64, for the in-app preview. */
  'contracts.pdf': {
    request: z.strictObject({ documentId: DocumentId }),
    response: z.object({ documentId: z.string(), pdfBase64: z.string() }),
  },
  /**
   * Export the e-signature package and mark the document exported. Electron asks where to save it
   * (`savedTo`, null when cancelled); browser mode returns the zip for the page to download.
   */
  'contracts.export': {
    request: z.strictObject({ applicationId: CaseId, documentId: DocumentId }),
    response: z.object({
      fileName: z.string(),
      savedTo: z.string().nullable(),
      zipBase64: z.string().nullable(),
      record: ContractRecordSchema,
    }),
  },
  /**
   * Import the counter-signed PDF from the e-signature platform: Electron opens a file dialog (no
   * `pdfBase64`), browser mode uploads the bytes. Main verifies it against the bank's record and the
   * exported manifest (node-shared/countersign) and sends it to the bank only when every check passes;
   * the bank verifies again and marks the document signed with the file's hash.
   */
  'contracts.importSigned': {
    request: z.strictObject({
      applicationId: CaseId,
      documentId: DocumentId,
      version: z.number().int().min(1),
      fileName: text({ max: 200 }).optional(),
      pdfBase64: z
        .string()
        .max(Math.ceil(IMPORT_UPLOAD_MAX_BYTES / 3) * 4)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64')
        .optional(),
    }),
    response: ImportSignedResultSchema,
  },
  /** Start generating the contracts of many cases; poll `contracts.batch.status` for progress. */
  'contracts.batch.start': {
    request: z.strictObject({ applicationIds: z.array(CaseId).min(1).max(500) }),
    response: BatchStatusSchema,
  },
  'contracts.batch.status': {
    request: z.strictObject({ jobId: z.string().regex(/^[a-f0-9-]{36}$/) }),
    response: BatchStatusSchema,
  },
} as const;
export type ContractChannel = keyof typeof contractChannels;
