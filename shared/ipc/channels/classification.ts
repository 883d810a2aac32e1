/**
 * 五级分类 review over IPC: the month-end run (supervisors), a period's proposals (reviewers and
 * supervisors) and a reviewer's decision — confirm, override with a reason, or as the second reviewer of an
 * upgrade out of non-performing confirm or refuse. Main forwards each to the bank API as the signed-in
 * user; the bank API validates and decides (bank-api/routes/classifications.ts).
 */
import { z } from 'zod';
import {
  ClassificationListQuerySchema,
  ClassificationListSchema,
  ClassificationRunListSchema,
  ClassificationRunParamsSchema,
  ClassificationRunSchema,
  ClassificationRunsQuerySchema,
  DecideClassificationRequestSchema,
  DecideClassificationResponseSchema,
  RunClassificationRequestSchema,
} from '../../api/classifications';

export const classificationChannels = {
  /** POST /api/v1/classifications/runs: starts the run in the background (the run, to follow). */
  'classification.run': { request: RunClassificationRequestSchema, response: ClassificationRunSchema },
  /** GET /api/v1/classifications/runs/{id}: one run's progress. */
  'classification.runGet': { request: ClassificationRunParamsSchema, response: ClassificationRunSchema },
  /** GET /api/v1/classifications/runs: the latest runs (optionally of one period). */
  'classification.runs': { request: ClassificationRunsQuerySchema, response: ClassificationRunListSchema },
  /** GET /api/v1/classifications. */
  'classification.list': { request: ClassificationListQuerySchema, response: ClassificationListSchema },
  /** POST /api/v1/classifications/{id}/decision. */
  'classification.decide': {
    request: z.strictObject({
      id: z.string().regex(/^[1-9][0-9]{0,17}$/),
      ...DecideClassificationRequestSchema.shape,
    }),
    response: DecideClassificationResponseSchema,
  },
} as const;
export type ClassificationChannel = keyof typeof classificationChannels;
