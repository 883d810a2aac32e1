import { z } from 'zod';
import { DISBURSEMENT_ROLES } from '../../shared/api/areas';
import {
  ConditionParamsSchema,
  ConfirmDisbursementRequestSchema,
  DisbursementDetailSchema,
  DisbursementParamsSchema,
  DisbursementQueueQuerySchema,
  DisbursementQueueSchema,
  DisbursementWriteResponseSchema,
  DocumentParamsSchema,
  PrepareDisbursementRequestSchema,
  RecordEvidenceRequestSchema,
  SendBackDisbursementRequestSchema,
  UploadDisbursementDocumentRequestSchema,
  UploadDisbursementDocumentResponseSchema,
} from '../../shared/api/disbursement';
import type { Database } from '../db/database';
import { materialMaxBytes, sendStoredFile, UPLOAD_PROBLEMS, uploadBodyLimit } from '../files/uploads';
import { parseWritePreconditions, sendWriteHeaders } from '../http/preconditions';
import { defineRoute } from '../http/routes';
import {
  confirmDisbursement,
  disbursementDetail,
  disbursementQueue,
  documentFile,
  prepareDisbursement,
  recordEvidence,
  sendBackDisbursement,
  uploadDocument,
} from '../workflow/disbursement';

const WRITE_PROBLEMS = {
  404: 'No such case in your scope.',
  409: 'The case is not signed, already disbursed, or the disbursement is not in a state for this step.',
  412: 'If-Match does not carry the disbursement’s current version.',
  422: 'Evidence or conditions not satisfied (the problem names each), evidence naming a file not uploaded for this case (evidence.document_unknown), or the Idempotency-Key was used for another request.',
  428: 'If-Match or Idempotency-Key missing.',
};

/** 放款审核 (issue 16.3): the disbursement officers' queue, a case's conditions and the maker-checker steps. */
export function disbursementRoutes(db: Database) {
  const maxBytes = materialMaxBytes();
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/disbursements',
      summary: 'Signed cases in your scope with their disbursement state (放款审核 queue).',
      tags: ['disbursement'],
      access: DISBURSEMENT_ROLES,
      query: DisbursementQueueQuerySchema,
      response: DisbursementQueueSchema,
      async handler({ query, user }) {
        return disbursementQueue(db, user, query);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/applications/:id/disbursement',
      summary: "A case's conditions with their evidence, maker, checker, payees, loan amount and contract.",
      tags: ['disbursement'],
      access: DISBURSEMENT_ROLES,
      params: DisbursementParamsSchema,
      response: DisbursementDetailSchema,
      problems: { 404: 'No such case in your scope.' },
      async handler({ params, user, reply }) {
        const d = await disbursementDetail(db, user, params.id);
        reply.header('ETag', `"${d.version}"`);
        return d;
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/applications/:id/disbursement/conditions/:index',
      summary:
        'Maker: record the evidence for one condition (422 with the problems when it does not satisfy it). If-Match (disbursement version) and Idempotency-Key.',
      tags: ['disbursement'],
      access: DISBURSEMENT_ROLES,
      params: ConditionParamsSchema,
      body: RecordEvidenceRequestSchema,
      response: DisbursementWriteResponseSchema,
      problems: WRITE_PROBLEMS,
      async handler({ params, body, user, req, reply }) {
        const { version, key } = parseWritePreconditions(req.headers);
        const r = await recordEvidence(db, user, params.id, params.index, version, key, body.evidence);
        sendWriteHeaders(reply, r.replayed, r.body.disbursement.version);
        return r.body;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/applications/:id/disbursement/documents',
      summary:
        'Maker: upload an evidence file (a registration certificate, a signed guarantee contract) while the case is in 放款审核 — PDF, JPEG or PNG checked by content, base64 in JSON, at most MATERIAL_MAX_BYTES (default 10 MB); SHA-256 recorded; audited. Its id is the evidence’s documentId.',
      tags: ['disbursement'],
      access: DISBURSEMENT_ROLES,
      params: DisbursementParamsSchema,
      body: UploadDisbursementDocumentRequestSchema,
      response: UploadDisbursementDocumentResponseSchema,
      status: 201,
      // A larger body is refused before it is read.
      bodyLimit: uploadBodyLimit(maxBytes),
      problems: {
        404: 'No such case in your scope.',
        409: 'The case is not signed, or its disbursement is submitted for checking or disbursed.',
        ...UPLOAD_PROBLEMS,
        422: "The file name's extension does not match its content.",
      },
      async handler({ params, body, user }) {
        return uploadDocument(db, user, params.id, body, maxBytes);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/applications/:id/disbursement/documents/:documentId',
      summary:
        'Download an evidence file of the case (uploaded for 放款审核, or named by its evidence) as an attachment, for the checker; scope as the case read. Never rendered by the bank API.',
      tags: ['disbursement'],
      access: DISBURSEMENT_ROLES,
      params: DocumentParamsSchema,
      response: z.custom<Buffer>((v) => v instanceof Uint8Array, 'file bytes'),
      produces: 'application/octet-stream',
      problems: { 404: 'No such case in your scope, or no such evidence file on it.' },
      async handler({ params, user, reply }) {
        return sendStoredFile(reply, await documentFile(db, user, params.id, params.documentId));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/applications/:id/disbursement/prepare',
      summary:
        'Maker: every condition evidenced → prepared (422 naming each condition not satisfied). If-Match and Idempotency-Key.',
      tags: ['disbursement'],
      access: DISBURSEMENT_ROLES,
      params: DisbursementParamsSchema,
      body: PrepareDisbursementRequestSchema,
      response: DisbursementWriteResponseSchema,
      problems: WRITE_PROBLEMS,
      async handler({ params, body, user, req, reply }) {
        const { version, key } = parseWritePreconditions(req.headers);
        const r = await prepareDisbursement(db, user, params.id, version, key, body);
        sendWriteHeaders(reply, r.replayed, r.body.disbursement.version);
        return r.body;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/applications/:id/disbursement/send-back',
      summary:
        'Checker (not the maker): send a prepared disbursement back with a reason. If-Match and Idempotency-Key.',
      tags: ['disbursement'],
      access: DISBURSEMENT_ROLES,
      params: DisbursementParamsSchema,
      body: SendBackDisbursementRequestSchema,
      response: DisbursementWriteResponseSchema,
      problems: { ...WRITE_PROBLEMS, 403: 'The checker is the maker (disbursement.maker_is_checker).' },
      async handler({ params, body, user, req, reply }) {
        const { version, key } = parseWritePreconditions(req.headers);
        const r = await sendBackDisbursement(db, user, params.id, version, key, body);
        sendWriteHeaders(reply, r.replayed, r.body.disbursement.version);
        return r.body;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/applications/:id/disbursement',
      summary:
        'Checker (not the maker): confirm — signed → disbursed, the loan created with its schedule. If-Match and Idempotency-Key.',
      tags: ['disbursement'],
      access: DISBURSEMENT_ROLES,
      params: DisbursementParamsSchema,
      body: ConfirmDisbursementRequestSchema,
      response: DisbursementWriteResponseSchema,
      problems: { ...WRITE_PROBLEMS, 403: 'The checker is the maker (disbursement.maker_is_checker).' },
      async handler({ params, body, user, req, reply }) {
        const { version, key } = parseWritePreconditions(req.headers);
        const r = await confirmDisbursement(db, user, params.id, version, key, body);
        sendWriteHeaders(reply, r.replayed, r.body.disbursement.version);
        return r.body;
      },
    }),
  ];
}
