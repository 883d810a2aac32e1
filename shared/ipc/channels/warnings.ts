/**
 * 预警处置 over IPC (issue 17.3): the warning tasks a relationship manager serves and a supervisor watches
 * by branch, one task, the officer's disposition (verification + measure + reason) and the supervisor's
 * confirmation. Main forwards each to the bank API as the signed-in user, with the task's version as
 * If-Match and one Idempotency-Key per submission; the bank API scopes, validates and decides.
 */
import { z } from 'zod';
import {
  ConfirmationRequestSchema,
  DispositionRequestSchema,
  WarningTaskDetailSchema,
  WarningTaskIdSchema,
  WarningTaskListQuerySchema,
  WarningTaskListSchema,
  WarningTaskWriteResponseSchema,
} from '../../api/warning-tasks';

const Target = { taskId: WarningTaskIdSchema, version: z.number().int().min(1) };

export const warningChannels = {
  /** GET /api/v1/warning-tasks. */
  'warnings.list': { request: WarningTaskListQuerySchema, response: WarningTaskListSchema },
  /** GET /api/v1/warning-tasks/{id}. */
  'warnings.get': { request: z.strictObject({ taskId: WarningTaskIdSchema }), response: WarningTaskDetailSchema },
  /** POST …/disposition: the service officer's verification, measure and reason. */
  'warnings.dispose': {
    request: z.strictObject({ ...Target, ...DispositionRequestSchema.shape }),
    response: WarningTaskWriteResponseSchema,
  },
  /** POST …/confirmation: a supervisor (not the recorder) confirms or rejects the measure. */
  'warnings.confirm': {
    request: z
      .strictObject({ ...Target, ...ConfirmationRequestSchema.shape })
      .refine((b) => b.decision === 'confirm' || (b.note !== undefined && b.note.length > 0), {
        path: ['note'],
        message: 'a rejection needs a reason',
      }),
    response: WarningTaskWriteResponseSchema,
  },
} as const;
export type WarningChannel = keyof typeof warningChannels;
