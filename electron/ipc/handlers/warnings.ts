import type { BankRoute } from '../../../shared/api/paths';
import {
  WarningTaskDetailSchema,
  WarningTaskListSchema,
  WarningTaskWriteResponseSchema,
} from '../../../shared/api/warning-tasks';
import type { WarningChannel } from '../../../shared/ipc/channels/warnings';
import { BankHeader, etag } from '../../../shared/ipc/transport';
import { type FeatureHandlers, requireToken } from '../context';
import { idempotencyKeyFor } from './case';

/** The 预警处置 routes (bank-api/routes/warning-tasks.ts; shared/api/warning-tasks.ts). */
export const WARNING_ROUTES = {
  list: { method: 'GET', url: '/api/v1/warning-tasks', response: WarningTaskListSchema },
  get: { method: 'GET', url: '/api/v1/warning-tasks/:id', response: WarningTaskDetailSchema },
  dispose: { method: 'POST', url: '/api/v1/warning-tasks/:id/disposition', response: WarningTaskWriteResponseSchema },
  confirm: {
    method: 'POST',
    url: '/api/v1/warning-tasks/:id/confirmation',
    response: WarningTaskWriteResponseSchema,
  },
} as const satisfies Record<string, BankRoute>;

/** If-Match with the task version the user saw; one Idempotency-Key per submission (a retry replays). */
function writeHeaders(token: string, step: string, id: string, version: number, body: unknown) {
  return {
    [BankHeader.ifMatch]: etag(version),
    [BankHeader.idempotencyKey]: idempotencyKeyFor(token, `warnings.${step}:${id}`, version, body),
  };
}

/** 预警处置: each call as the signed-in user, to the bank API (which enforces officer and recorder ≠ confirmer). */
export const warningHandlers: FeatureHandlers<WarningChannel> = {
  async 'warnings.list'(query, ctx) {
    return ctx.bank.call(WARNING_ROUTES.list, { query, token: requireToken(ctx) });
  },
  async 'warnings.get'({ taskId }, ctx) {
    return ctx.bank.call(WARNING_ROUTES.get, { params: { id: taskId }, token: requireToken(ctx) });
  },
  async 'warnings.dispose'({ taskId, version, ...body }, ctx) {
    const token = requireToken(ctx);
    return ctx.bank.call(WARNING_ROUTES.dispose, {
      params: { id: taskId },
      body,
      headers: writeHeaders(token, 'dispose', taskId, version, body),
      token,
    });
  },
  async 'warnings.confirm'({ taskId, version, ...body }, ctx) {
    const token = requireToken(ctx);
    return ctx.bank.call(WARNING_ROUTES.confirm, {
      params: { id: taskId },
      body,
      headers: writeHeaders(token, 'confirm', taskId, version, body),
      token,
    });
  },
};
