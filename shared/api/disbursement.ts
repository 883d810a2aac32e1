/**
 * Wire schemas of 放款审核 (issue 16.3): the disbursement officer's queue of signed cases, one case's
 * conditions with their evidence, and the maker-checker steps that end in `signed → disbursed` and a loan.
 *
 * Routes (bank-api/routes/disbursement.ts; role disbursement_officer, in the caller's scope):
 * - GET  /api/v1/disbursements                                        → DisbursementQueueSchema
 * - GET  /api/v1/applications/{id}/disbursement                       → DisbursementDetailSchema
 * - PUT  /api/v1/applications/{id}/disbursement/conditions/{index}    (maker records one condition's evidence)
 * - POST /api/v1/applications/{id}/disbursement/prepare               (maker: every condition evidenced)
 * - POST /api/v1/applications/{id}/disbursement/send-back             (checker returns it to the maker)
 * - POST /api/v1/applications/{id}/disbursement                       (checker ≠ maker: signed → disbursed)
 * - POST /api/v1/applications/{id}/disbursement/documents             (maker uploads an evidence scan)
 * - GET  /api/v1/applications/{id}/disbursement/documents/{documentId} (the file, as an attachment)
 *
 * Every write carries If-Match with the DISBURSEMENT's `version` (0 before anything was recorded) and an
 * Idempotency-Key; a retry with the same key answers the first answer again.
 */
import { z } from 'zod';
import {
  ConditionEvidenceSchema,
  LOAN_CONDITION_TYPES,
  LoanConditionSchema,
  PayeeSchema,
} from '../credit/loan-conditions';
import { UploadRequestSchema } from '../files/uploads';
import { MoneyString, RepaymentMethodSchema } from '../loan/quote';
import { StatusSchema } from '../workflow/status';
import { text } from './text';

const ApplicationId = z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id');

/**
 * Where a case stands in 放款审核: open (nothing or some evidence recorded), prepared (the maker has
 * evidenced every condition), disbursed (the checker confirmed; the loan exists), sent_back (the checker
 * returned it; the maker corrects the evidence and prepares again).
 */
export const DISBURSEMENT_STATUSES = ['open', 'prepared', 'disbursed', 'sent_back'] as const;
export const DisbursementStatusSchema = z.enum(DISBURSEMENT_STATUSES);
export type DisbursementStatus = z.infer<typeof DisbursementStatusSchema>;

// ---------------------------------------------------------------------------------------------------
// Queue

export const DisbursementQueueQuerySchema = z.strictObject({
  /** open (default): signed cases not yet disbursed; prepared: waiting for a checker; all: also disbursed. */
  view: z.enum(['open', 'prepared', 'all']).default('open'),
  q: text({ max: 60, trim: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: ApplicationId.optional(),
});
export type DisbursementQueueQuery = z.input<typeof DisbursementQueueQuerySchema>;

export const DisbursementQueueItemSchema = z.object({
  applicationId: z.string(),
  enterpriseName: z.string(),
  uscc: z.string(),
  productCode: z.string(),
  branchId: z.string(),
  /** The approved amount (the loan's principal). */
  amount: MoneyString,
  termMonths: z.number().int(),
  repaymentMethod: RepaymentMethodSchema,
  applicationStatus: StatusSchema,
  disbursementStatus: DisbursementStatusSchema,
  /** Conditions to evidence (the approval's, plus the product's: the mortgage registration for DYD). */
  conditions: z.number().int(),
  /** Of those, how many have evidence recorded. */
  evidenced: z.number().int(),
  makerId: z.string().nullable(),
  makerName: z.string().nullable(),
  preparedAt: z.string().nullable(),
  /** When the case was signed (its last contract document), or decided when unknown. */
  signedAt: z.string().nullable(),
  loanId: z.string().nullable(),
  /** The disbursement's version (If-Match for its writes); 0 before anything was recorded. */
  version: z.number().int(),
});
export type DisbursementQueueItem = z.infer<typeof DisbursementQueueItemSchema>;

export const DisbursementQueueSchema = z.object({
  items: z.array(DisbursementQueueItemSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});
export type DisbursementQueue = z.infer<typeof DisbursementQueueSchema>;

// ---------------------------------------------------------------------------------------------------
// One case

/** A problem with a condition's evidence (shared/credit/loan-conditions EvidenceProblem). */
export const EvidenceProblemSchema = z.object({
  code: z.enum([
    'evidence.wrong_kind',
    'evidence.payees_sum',
    'evidence.payee_name',
    'evidence.account_check_digit',
    'evidence.document_missing',
    'evidence.missing',
  ]),
  detail: z.string(),
  facts: z.record(z.string(), z.string()).optional(),
});
export type EvidenceProblemWire = z.infer<typeof EvidenceProblemSchema>;

/**
 * A file kept as evidence (a scan of the registration certificate, the signed guarantee contract…): PDF,
 * JPEG or PNG, checked by content, stored with its SHA-256. Evidence names it by `documentId` (= `id`).
 */
export const DisbursementDocumentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedByName: z.string().nullable(),
  uploadedAt: z.string(),
});
export type DisbursementDocument = z.infer<typeof DisbursementDocumentSchema>;

export const DisbursementConditionSchema = z.object({
  /** Its index in this list (the path parameter of the evidence route). */
  index: z.number().int(),
  condition: LoanConditionSchema,
  /** approval: set by the approver; product: required by the product (DYD's mortgage registration). */
  source: z.enum(['approval', 'product']),
  /** The evidence kind the condition takes (payees, registration, document, account). */
  evidenceKind: z.enum(['payees', 'registration', 'document', 'account']),
  evidence: ConditionEvidenceSchema.nullable(),
  /** The file the evidence names (its documentId), for the checker to open; null when it names none. */
  document: DisbursementDocumentSchema.nullable(),
  recordedBy: z.string().nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string().nullable(),
  /** What is wrong with the recorded evidence now ([] when satisfied; evidence.missing when none). */
  problems: z.array(EvidenceProblemSchema),
  satisfied: z.boolean(),
});
export type DisbursementCondition = z.infer<typeof DisbursementConditionSchema>;

export const ScheduleRowSchema = z.object({
  period: z.number().int(),
  dueDate: z.string(),
  principal: MoneyString,
  interest: MoneyString,
});
export type ScheduleRow = z.infer<typeof ScheduleRowSchema>;

/** The loan a disbursement created. */
export const DisbursedLoanSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  disbursementId: z.string(),
  contractId: z.string().nullable(),
  productCode: z.string(),
  principal: MoneyString,
  /** Annual rate in percent, e.g. "3.8500". */
  annualRate: z.string(),
  /** The LPR on the disbursement date for the loan's tenor, percent. */
  lprPercent: z.string(),
  /** annualRate − LPR, in basis points. */
  spreadBp: z.number().int(),
  termMonths: z.number().int(),
  repaymentMethod: RepaymentMethodSchema,
  disbursedOn: z.string(),
  maturityDate: z.string(),
  grade: z.string().nullable(),
  tier: z.string().nullable(),
  channel: z.string().nullable(),
  score: z.number().int().nullable(),
  schedule: z.array(ScheduleRowSchema),
});
export type DisbursedLoan = z.infer<typeof DisbursedLoanSchema>;

export const DisbursementDetailSchema = z.object({
  applicationId: z.string(),
  applicationStatus: StatusSchema,
  applicationVersion: z.number().int(),
  enterpriseName: z.string(),
  uscc: z.string(),
  branchId: z.string(),
  productCode: z.string(),
  productName: z.string(),
  /** The approved terms. */
  amount: MoneyString,
  annualRate: z.string(),
  termMonths: z.number().int(),
  repaymentMethod: RepaymentMethodSchema,
  /** The loan contract's number (its live loan document), when generated. */
  contractId: z.string().nullable(),
  /** Whether every live contract document is signed. */
  contractsSigned: z.boolean(),
  disbursementId: z.string().nullable(),
  disbursementStatus: DisbursementStatusSchema,
  /** If-Match for the writes below; 0 before anything was recorded. */
  version: z.number().int(),
  conditions: z.array(DisbursementConditionSchema),
  /** 受托支付's payees as recorded (empty when the case has no such condition or none recorded yet). */
  payees: z.array(PayeeSchema),
  makerId: z.string().nullable(),
  makerName: z.string().nullable(),
  preparedAt: z.string().nullable(),
  checkerId: z.string().nullable(),
  checkerName: z.string().nullable(),
  disbursedAt: z.string().nullable(),
  sentBackBy: z.string().nullable(),
  sentBackByName: z.string().nullable(),
  sentBackAt: z.string().nullable(),
  sendBackReason: z.string().nullable(),
  loan: DisbursedLoanSchema.nullable(),
  /** What the caller may do now (the API enforces it either way). */
  mayRecord: z.boolean(),
  mayPrepare: z.boolean(),
  maySendBack: z.boolean(),
  mayDisburse: z.boolean(),
});
export type DisbursementDetail = z.infer<typeof DisbursementDetailSchema>;

// ---------------------------------------------------------------------------------------------------
// Writes

export const DisbursementParamsSchema = z.strictObject({ id: ApplicationId });
export const ConditionParamsSchema = z.strictObject({
  id: ApplicationId,
  index: z.coerce.number().int().min(0).max(40),
});

export const DocumentParamsSchema = z.strictObject({
  id: ApplicationId,
  documentId: z.string().regex(/^\d{1,15}$/, 'not a document id'),
});

/** POST …/disbursement/documents: the maker uploads an evidence file (base64 in JSON). */
export const UploadDisbursementDocumentRequestSchema = UploadRequestSchema;
/** Its answer: the document stored (its id goes into the evidence as `documentId`). */
export const UploadDisbursementDocumentResponseSchema = z.object({ document: DisbursementDocumentSchema });

/**
 * PUT …/conditions/{index}: the maker records the evidence for one condition (422 with its problems; a
 * `documentId` that names no file of this application: 422 evidence.document_unknown).
 */
export const RecordEvidenceRequestSchema = z.strictObject({ evidence: ConditionEvidenceSchema });
export type RecordEvidenceRequest = z.infer<typeof RecordEvidenceRequestSchema>;

/** POST …/prepare: the maker declares every condition evidenced. */
export const PrepareDisbursementRequestSchema = z.strictObject({
  comment: text({ max: 500, trim: true, multiline: true }).optional(),
});

/** POST …/send-back: the checker returns the case to the maker, saying why. */
export const SendBackDisbursementRequestSchema = z.strictObject({
  reason: text({ max: 500, min: 1, trim: true, multiline: true }),
});

/** POST …/disbursement: the checker (not the maker) confirms; the loan is created. */
export const ConfirmDisbursementRequestSchema = z.strictObject({
  comment: text({ max: 500, trim: true, multiline: true }).optional(),
});

export const DisbursementWriteResponseSchema = z.object({
  disbursement: DisbursementDetailSchema,
  /** e.g. evidence_recorded, prepared, sent_back, disbursed. */
  outcome: z.string(),
  message: z.string(),
});
export type DisbursementWriteResponse = z.infer<typeof DisbursementWriteResponseSchema>;

/** The condition types, re-exported for the screens' labels. */
export const DISBURSEMENT_CONDITION_TYPES = LOAN_CONDITION_TYPES;
