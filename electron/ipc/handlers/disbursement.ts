import {
  DisbursementDetailSchema,
  DisbursementQueueSchema,
  DisbursementWriteResponseSchema,
  UploadDisbursementDocumentResponseSchema,
} from '../../../shared/api/disbursement';
import { type BankRoute, pathOf } from '../../../shared/api/paths';
import { sniffMediaType } from '../../../shared/files/uploads';
import type { DisbursementChannel } from '../../../shared/ipc/channels/disbursement';
import { BankHeader, etag, IpcErrorCode } from '../../../shared/ipc/transport';
import { BankApiError } from '../../services/bank-client';
import { type FeatureHandlers, requireToken } from '../context';
import { idempotencyKeyFor } from './case';

/** The 放款审核 routes (bank-api/routes/disbursement.ts; shared/api/disbursement.ts). */
export const DISBURSEMENT_ROUTES = {
  queue: { method: 'GET', url: '/api/v1/disbursements', response: DisbursementQueueSchema },
  get: { method: 'GET', url: '/api/v1/applications/:id/disbursement', response: DisbursementDetailSchema },
  record: {
    method: 'PUT',
    url: '/api/v1/applications/:id/disbursement/conditions/:index',
    response: DisbursementWriteResponseSchema,
  },
  prepare: {
    method: 'POST',
    url: '/api/v1/applications/:id/disbursement/prepare',
    response: DisbursementWriteResponseSchema,
  },
  sendBack: {
    method: 'POST',
    url: '/api/v1/applications/:id/disbursement/send-back',
    response: DisbursementWriteResponseSchema,
  },
  confirm: { method: 'POST', url: '/api/v1/applications/:id/disbursement', response: DisbursementWriteResponseSchema },
  upload: {
    method: 'POST',
    url: '/api/v1/applications/:id/disbursement/documents',
    response: UploadDisbursementDocumentResponseSchema,
  },
} as const satisfies Record<string, BankRoute>;

/** An evidence file, served as an attachment of its own type (not JSON: fetched as bytes). */
export const DOCUMENT_URL = '/api/v1/applications/:id/disbursement/documents/:documentId';
const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

/**
 * The write headers: If-Match with the disbursement version the user saw, and one Idempotency-Key per
 * submission (the same step, body and version by the same session gets the same key), so a retry after a
 * lost answer replays the first answer instead of acting twice.
 */
function writeHeaders(token: string, step: string, id: string, version: number, body: unknown) {
  return {
    [BankHeader.ifMatch]: etag(version),
    [BankHeader.idempotencyKey]: idempotencyKeyFor(token, `disbursement.${step}:${id}`, version, body),
  };
}

/** 放款审核: each call as the signed-in disbursement officer, to the bank API (which enforces maker ≠ checker). */
export const disbursementHandlers: FeatureHandlers<DisbursementChannel> = {
  async 'disbursement.queue'(query, ctx) {
    return ctx.bank.call(DISBURSEMENT_ROUTES.queue, { query, token: requireToken(ctx) });
  },
  async 'disbursement.get'({ applicationId }, ctx) {
    return ctx.bank.call(DISBURSEMENT_ROUTES.get, { params: { id: applicationId }, token: requireToken(ctx) });
  },
  async 'disbursement.record'({ applicationId, version, index, ...body }, ctx) {
    const token = requireToken(ctx);
    return ctx.bank.call(DISBURSEMENT_ROUTES.record, {
      params: { id: applicationId, index: String(index) },
      body,
      headers: writeHeaders(token, `record.${index}`, applicationId, version, body),
      token,
    });
  },
  async 'disbursement.prepare'({ applicationId, version, ...body }, ctx) {
    const token = requireToken(ctx);
    return ctx.bank.call(DISBURSEMENT_ROUTES.prepare, {
      params: { id: applicationId },
      body,
      headers: writeHeaders(token, 'prepare', applicationId, version, body),
      token,
    });
  },
  async 'disbursement.sendBack'({ applicationId, version, ...body }, ctx) {
    const token = requireToken(ctx);
    return ctx.bank.call(DISBURSEMENT_ROUTES.sendBack, {
      params: { id: applicationId },
      body,
      headers: writeHeaders(token, 'sendBack', applicationId, version, body),
      token,
    });
  },
  // The file comes from the page's file chooser (browser mode and Electron alike), read there as base64.
  async 'disbursement.documents.upload'({ applicationId, file }, ctx) {
    return ctx.bank.call(DISBURSEMENT_ROUTES.upload, {
      params: { id: applicationId },
      body: { fileName: file.name, contentBase64: file.base64 },
      token: requireToken(ctx),
    });
  },
  async 'disbursement.documents.get'({ applicationId, documentId }, ctx) {
    const bytes = await ctx.bank.file(
      pathOf(DOCUMENT_URL, { id: applicationId, documentId }),
      requireToken(ctx),
      DOCUMENT_TYPES,
    );
    // Labelled by its content, as the bank checked it on upload — never by what a header says.
    const mediaType = sniffMediaType(bytes);
    if (!mediaType)
      throw new BankApiError(
        IpcErrorCode.bankBadResponse,
        'The bank API sent a file that is not a PDF, JPEG or PNG.',
        502,
      );
    return { mediaType, base64: Buffer.from(bytes).toString('base64') };
  },
  async 'disbursement.confirm'({ applicationId, version, ...body }, ctx) {
    const token = requireToken(ctx);
    return ctx.bank.call(DISBURSEMENT_ROUTES.confirm, {
      params: { id: applicationId },
      body,
      headers: writeHeaders(token, 'confirm', applicationId, version, body),
      token,
    });
  },
};
