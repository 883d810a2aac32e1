import {
  ClassificationListSchema,
  ClassificationRunListSchema,
  ClassificationRunSchema,
  DecideClassificationResponseSchema,
} from '../../../shared/api/classifications';
import type { BankRoute } from '../../../shared/api/paths';
import type { ClassificationChannel } from '../../../shared/ipc/channels/classification';
import { type FeatureHandlers, requireToken } from '../context';

/** The 五级分类 routes (bank-api/routes/classifications.ts; shared/api/classifications.ts). */
export const CLASSIFICATION_ROUTES = {
  run: { method: 'POST', url: '/api/v1/classifications/runs', response: ClassificationRunSchema },
  runGet: { method: 'GET', url: '/api/v1/classifications/runs/:id', response: ClassificationRunSchema },
  runs: { method: 'GET', url: '/api/v1/classifications/runs', response: ClassificationRunListSchema },
  list: { method: 'GET', url: '/api/v1/classifications', response: ClassificationListSchema },
  decide: { method: 'POST', url: '/api/v1/classifications/:id/decision', response: DecideClassificationResponseSchema },
} as const satisfies Record<string, BankRoute>;

/** 五级分类 review: each call as the signed-in user, to the bank API (which enforces roles and the rules). */
export const classificationHandlers: FeatureHandlers<ClassificationChannel> = {
  async 'classification.run'(body, ctx) {
    return ctx.bank.call(CLASSIFICATION_ROUTES.run, { body, token: requireToken(ctx) });
  },
  async 'classification.runGet'({ id }, ctx) {
    return ctx.bank.call(CLASSIFICATION_ROUTES.runGet, { params: { id }, token: requireToken(ctx) });
  },
  async 'classification.runs'(query, ctx) {
    return ctx.bank.call(CLASSIFICATION_ROUTES.runs, { query, token: requireToken(ctx) });
  },
  async 'classification.list'(query, ctx) {
    return ctx.bank.call(CLASSIFICATION_ROUTES.list, { query, token: requireToken(ctx) });
  },
  async 'classification.decide'({ id, ...body }, ctx) {
    return ctx.bank.call(CLASSIFICATION_ROUTES.decide, { params: { id }, body, token: requireToken(ctx) });
  },
};
