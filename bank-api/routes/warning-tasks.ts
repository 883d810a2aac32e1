import { WARNING_ROLES } from '../../shared/api/areas';
import {
  ConfirmationRequestSchema,
  DispositionRequestSchema,
  WarningTaskDetailSchema,
  WarningTaskListQuerySchema,
  WarningTaskListSchema,
  WarningTaskParamsSchema,
  WarningTaskWriteResponseSchema,
} from '../../shared/api/warning-tasks';
import type { Database } from '../db/database';
import { parseWritePreconditions, sendWriteHeaders } from '../http/preconditions';
import { defineRoute } from '../http/routes';
import { confirmDisposition, listWarningTasks, recordDisposition, warningTaskDetail } from '../warnings/tasks';

const WRITE_PROBLEMS = {
  404: 'No such warning task in your scope.',
  409: 'The task is closed, or not in a state for this step (warning.task_closed, warning.awaiting_confirmation, warning.not_awaiting_confirmation).',
  412: 'If-Match does not carry the task’s current version.',
  422: 'The verification date is after today or before the signal, or the Idempotency-Key was used for another request.',
  428: 'If-Match or Idempotency-Key missing.',
};

/** 预警处置 (issue 17.3): warning tasks, their disposition and its confirmation. */
export function warningTaskRoutes(db: Database) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/warning-tasks',
      summary:
        'Warning tasks (预警处置): a relationship manager’s own; a supervisor’s branch subtree, with open, escalated, awaiting and overdue counts by branch. Overdue open tasks are escalated first.',
      tags: ['warnings'],
      access: WARNING_ROLES,
      query: WarningTaskListQuerySchema,
      response: WarningTaskListSchema,
      async handler({ query, user }) {
        return listWarningTasks(db, user, query);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/warning-tasks/:id',
      summary: 'One warning task: its signal, loan, verification, measure, confirmation and history.',
      tags: ['warnings'],
      access: WARNING_ROLES,
      params: WarningTaskParamsSchema,
      response: WarningTaskDetailSchema,
      problems: { 404: 'No such warning task in your scope.' },
      async handler({ params, user, reply }) {
        const d = await warningTaskDetail(db, user, params.id);
        reply.header('ETag', `"${d.version}"`);
        return d;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/warning-tasks/:id/disposition',
      summary:
        'The service officer records the verification (call, visit, data) and a measure with its reason: closed, or awaiting a supervisor’s confirmation. If-Match and Idempotency-Key.',
      tags: ['warnings'],
      access: ['relationship_manager'],
      params: WarningTaskParamsSchema,
      body: DispositionRequestSchema,
      response: WarningTaskWriteResponseSchema,
      problems: { ...WRITE_PROBLEMS, 403: 'Not the client’s service officer (warning.not_service_officer).' },
      async handler({ params, body, user, req, reply }) {
        const { version, key } = parseWritePreconditions(req.headers);
        const r = await recordDisposition(db, user, params.id, version, key, body);
        sendWriteHeaders(reply, r.replayed, r.body.task.version);
        return r.body;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/warning-tasks/:id/confirmation',
      summary:
        'A supervisor who did not record the measure confirms it (closed) or rejects it with a reason (back to the officer). If-Match and Idempotency-Key.',
      tags: ['warnings'],
      access: ['supervisor'],
      params: WarningTaskParamsSchema,
      body: ConfirmationRequestSchema,
      response: WarningTaskWriteResponseSchema,
      problems: { ...WRITE_PROBLEMS, 403: 'The supervisor recorded this measure (warning.recorder_is_confirmer).' },
      async handler({ params, body, user, req, reply }) {
        const { version, key } = parseWritePreconditions(req.headers);
        const r = await confirmDisposition(db, user, params.id, version, key, body);
        sendWriteHeaders(reply, r.replayed, r.body.task.version);
        return r.body;
      },
    }),
  ];
}
