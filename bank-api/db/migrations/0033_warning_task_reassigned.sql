-- 预警处置: a warning task's history shows when the task changed hands. When the client's service officer
-- changes (POST /api/v1/enterprises/{id}/service-officer), its tasks not yet closed move to the new officer
-- (bank-api/warnings/tasks.ts reassignWarningTasks) and each move is now a 'reassigned' row of
-- warning_task_events — details: fromOfficerId, toOfficerId, cause, reason — besides its audit entry.
--
-- Migration 0026 declared the action CHECK inline; both PGlite and PostgreSQL name it
-- warning_task_events_action_check. Dropped and added again under the same name, in one statement.
ALTER TABLE warning_task_events
  DROP CONSTRAINT warning_task_events_action_check,
  ADD CONSTRAINT warning_task_events_action_check
    CHECK (action IN ('opened', 'escalated', 'disposition_recorded', 'confirmed', 'rejected', 'reassigned'));
