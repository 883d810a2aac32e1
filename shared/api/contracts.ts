/** Wire schemas of contract records (issue 6): the contract queue, contract data, records and their status. */
import { z } from 'zod';
import { MoneyString, RepaymentMethodSchema } from '../loan/quote';
import { StatusSchema } from '../workflow/status';
import { text } from './text';

export const CONTRACT_STATUSES = ['generated', 'exported', 'signed', 'superseded'] as const;
export const ContractStatusSchema = z.enum(CONTRACT_STATUSES);
export type ContractStatus = z.infer<typeof ContractStatusSchema>;

/** Where a case stands with its contracts: the least advanced of its live documents, or none yet. */
export const CaseContractStatusSchema = z.enum(['none', 'generated', 'exported', 'signed']);
export type CaseContractStatus = z.infer<typeof CaseContractStatusSchema>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 as 64 lower-case hex digits');
export const DocumentIdSchema = z.string().regex(/^[A-Z0-9-]{4,80}$/, 'not a contract document id');
const ApplicationId = z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id');

export const ContractRecordSchema = z.object({
  documentId: z.string(),
  applicationId: z.string(),
  contractId: z.string(),
  revision: z.number().int(),
  templateId: z.string(),
  templateVersion: z.string(),
  kind: z.enum(['loan', 'guarantee', 'mortgage']),
  contentHash: z.string(),
  pdfSha256: z.string(),
  pdfBytes: z.number().int(),
  /** SHA-256 of the counter-signed PDF imported at signing (0019; null before, and for the seed's). */
  signedPdfSha256: z.string().nullable().optional(),
  status: ContractStatusSchema,
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
  generatedBy: z.string(),
  generatedByName: z.string().nullable(),
  generatedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type ContractRecord = z.infer<typeof ContractRecordSchema>;

export const ContractQueueItemSchema = z.object({
  applicationId: z.string(),
  enterpriseName: z.string(),
  uscc: z.string(),
  productCode: z.string(),
  amount: MoneyString,
  termMonths: z.number().int(),
  repaymentMethod: RepaymentMethodSchema,
  status: StatusSchema,
  branchId: z.string(),
  decidedAt: z.string().nullable(),
  version: z.number().int(),
  contractStatus: CaseContractStatusSchema,
  /** Live (not superseded) documents. */
  documents: z.number().int(),
});
export type ContractQueueItem = z.infer<typeof ContractQueueItemSchema>;

export const ContractQueueQuerySchema = z.strictObject({
  /** Which cases: still to do (default: approved or contracting, not all signed), or every one in scope. */
  view: z.enum(['open', 'all']).default('open'),
  q: text({ max: 60, trim: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: ApplicationId.optional(),
});

export const ContractQueueSchema = z.object({
  items: z.array(ContractQueueItemSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});
export type ContractQueue = z.infer<typeof ContractQueueSchema>;

/** Where one value of the contract data came from (shown to the officer beside each variable). */
export const DataSourceNoteSchema = z.object({ field: z.string(), source: z.string() });

export const ContractDataQuerySchema = z.strictObject({
  /** Contract revision the data is for; a regeneration asks for the next one. Default: the current one. */
  revision: z.coerce.number().int().min(1).max(99).optional(),
});

export const ContractDataResponseSchema = z.object({
  applicationId: z.string(),
  applicationStatus: StatusSchema,
  applicationVersion: z.number().int(),
  revision: z.number().int(),
  /** The contract snapshot (shared/contracts ContractData): the engine parses and checks it. */
  data: z.record(z.string(), z.unknown()),
  /** Template IDs this case needs: the loan contract, plus guarantee / mortgage when it has them. */
  templateIds: z.array(z.string()),
  /** Data the bank does not hold yet; generation is refused until it is completed. */
  missing: z.array(z.object({ field: z.string(), labelZh: z.string(), labelEn: z.string() })),
  /** Values that came from somewhere other than the application itself, e.g. the sandbox party register. */
  sources: z.array(DataSourceNoteSchema),
});
export type ContractDataResponse = z.infer<typeof ContractDataResponseSchema>;

export const RecordContractRequestSchema = z.strictObject({
  documentId: DocumentIdSchema,
  applicationId: ApplicationId,
  contractId: DocumentIdSchema,
  revision: z.number().int().min(1).max(99),
  templateId: text({ max: 60, min: 1 }),
  templateVersion: text({ max: 20, min: 1 }),
  contentHash: z.string().regex(/^[0-9a-f]{16,64}$/, 'hex content hash'),
  pdfSha256: Sha256,
  pdfBytes: z
    .number()
    .int()
    .min(1)
    .max(50 * 1024 * 1024),
  /** Regeneration: the live document this one replaces (kept, marked superseded). */
  supersedes: DocumentIdSchema.optional(),
});
export type RecordContractRequest = z.infer<typeof RecordContractRequestSchema>;

export const RecordContractResponseSchema = z.object({
  contract: ContractRecordSchema,
  applicationStatus: StatusSchema,
});

export const ContractStatusRequestSchema = z.strictObject({ status: z.enum(['exported', 'signed']) });

export const ContractStatusResponseSchema = z.object({
  contract: ContractRecordSchema,
  applicationStatus: StatusSchema,
});

export const ContractListQuerySchema = z.strictObject({
  applicationId: ApplicationId,
  /** Include superseded documents (default yes: the officer sees the whole history). */
  includeSuperseded: z.enum(['true', 'false']).default('true'),
});
export const ContractListSchema = z.object({
  items: z.array(ContractRecordSchema),
  nextCursor: z.null(),
  total: z.number().int(),
});
