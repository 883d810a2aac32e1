import {
  DisbursementDetailSchema,
  DisbursementQueueSchema,
  DisbursementWriteResponseSchema,
} from '../../../shared/api/disbursement';
import type { BankRoute } from '../../../shared/api/paths';
import type { DisbursementChannel } from '../../../shared/ipc/channels/disbursement';
import { BankHeader, etag } from '../../../shared/ipc/transport';
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
} as const satisfies Record<string, BankRoute>;

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
