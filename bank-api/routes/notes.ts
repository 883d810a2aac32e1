/**
 * 首席服务官 (service officer) and case notes — issue 15 item 6.
 *
 * - POST /api/v1/applications/{id}/notes: any staff member who may read the case (workflow/scope.ts, the
 *   one read rule; out of scope answers 404, as absent) leaves a note, addressed to a role, to one active
 *   user, or to nobody. GET lists the case's notes, oldest first.
 * - POST /api/v1/enterprises/{id}/service-officer: a supervisor reassigns the enterprise's service officer
 *   to an active relationship manager, with a reason; audited in the audit chain. The client's warning
 *   tasks not yet closed move to the new officer in the same transaction (warnings/tasks.ts).
 * Refusals (400/403/404) change nothing.
 */
import { z } from 'zod';
import { type Role, RoleSchema, type User } from '../../shared/api/auth';
import { EnterpriseIdSchema } from '../../shared/api/enterprises';
import { text } from '../../shared/api/text';
import { appendAudit } from '../audit/chain';
import type { Database, Queryable } from '../db/database';
import { notFound, validationFailed } from '../http/problems';
import { defineRoute } from '../http/routes';
import { reassignWarningTasks } from '../warnings/tasks';
import { applicationById } from '../workflow/applications-repo';
import { CaseNoteSchema, NOTE_SELECT, type NoteRow, notesOf, toNote } from '../workflow/notes';
import type { ApplicationRow } from '../workflow/rows';
import { canRead, readScope } from '../workflow/scope';

const READERS: readonly Role[] = [
  'relationship_manager',
  'approver',
  'senior_approver',
  'committee',
  'supervisor',
  'contract_officer',
];

const IdParams = z.strictObject({ id: z.string().regex(/^[A-Z0-9-]{4,40}$/, 'not an application id') });
const EnterpriseParams = z.strictObject({ enterpriseId: EnterpriseIdSchema });
const UserId = z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'not a user id');

export const NoteRequestSchema = z.strictObject({
  body: text({ min: 1, max: 2000, multiline: true, trim: true }),
  addresseeRole: RoleSchema.nullable().optional(),
  addresseeUserId: UserId.nullable().optional(),
});

export const ServiceOfficerRequestSchema = z.strictObject({
  userId: UserId,
  reason: text({ min: 1, max: 500, multiline: true, trim: true }),
});
const ServiceOfficerSchema = z.object({
  enterpriseId: z.string(),
  serviceOfficer: z.object({ id: z.string(), name: z.string() }),
});

/** The case as the case read sees it, or 404 (absent and out of scope alike). */
async function readable(q: Queryable, user: User, id: string): Promise<ApplicationRow> {
  const row = await applicationById(q, id);
  if (
    !row ||
    !canRead(await readScope(q, user), { branchId: row.branch_id, status: row.status, enterpriseId: row.enterprise_id })
  ) {
    throw notFound(`No application ${id}.`);
  }
  return row;
}

export async function addNote(db: Database, user: User, id: string, body: z.output<typeof NoteRequestSchema>) {
  const role = body.addresseeRole ?? null;
  const to = body.addresseeUserId ?? null;
  if (role && to) throw validationFailed('body.addresseeUserId', 'address a role or a user, not both');
  return db.tx(async (q) => {
    await readable(q, user, id);
    if (to) {
      const u = await q.query('SELECT 1 FROM users WHERE id = $1 AND active', [to]);
      if (u.rows.length === 0) throw validationFailed('body.addresseeUserId', 'no active user with this id');
    }
    const r = await q.query<{ id: string }>(
      `INSERT INTO case_notes (application_id, author_id, addressee_role, addressee_user_id, body)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [id, user.id, role, to, body.body],
    );
    const noteId = String(r.rows[0]!.id);
    await appendAudit(q, {
      actorId: user.id,
      action: 'case.note_added',
      entityType: 'application',
      entityId: id,
      payload: { noteId, addresseeRole: role, addresseeUserId: to },
    });
    const n = await q.query<NoteRow>(`${NOTE_SELECT} WHERE n.id = $1`, [noteId]);
    return toNote(n.rows[0]!);
  });
}

export async function reassignServiceOfficer(
  db: Database,
  user: User,
  enterpriseId: string,
  body: z.output<typeof ServiceOfficerRequestSchema>,
) {
  return db.tx(async (q) => {
    const e = await q.query<{ service_officer_id: string | null }>(
      'SELECT service_officer_id FROM enterprises WHERE id = $1 FOR UPDATE',
      [enterpriseId],
    );
    if (e.rows.length === 0) throw notFound(`No enterprise ${enterpriseId}.`);
    const u = await q.query<{ id: string; display_name: string }>(
      `SELECT id, display_name FROM users WHERE id = $1 AND active AND 'relationship_manager' = ANY(roles)`,
      [body.userId],
    );
    const to = u.rows[0];
    if (!to) throw validationFailed('body.userId', 'not an active relationship manager');
    const from = e.rows[0]!.service_officer_id;
    await q.query('UPDATE enterprises SET service_officer_id = $2 WHERE id = $1', [enterpriseId, to.id]);
    await appendAudit(q, {
      actorId: user.id,
      action: 'enterprise.service_officer_assigned',
      entityType: 'enterprise',
      entityId: enterpriseId,
      payload: { from, to: to.id, reason: body.reason },
    });
    // The client's warning tasks not yet closed go with the client (each audited).
    await reassignWarningTasks(q, { enterpriseId, to: to.id, actorId: user.id, reason: body.reason });
    return { enterpriseId, serviceOfficer: { id: to.id, name: to.display_name } };
  });
}

export function noteRoutes(db: Database) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/applications/:id/notes',
      summary: 'Leave a note on a case, addressed to a role, a user or nobody',
      tags: ['applications'],
      access: READERS,
      params: IdParams,
      body: NoteRequestSchema,
      response: CaseNoteSchema,
      status: 201,
      problems: { 404: 'No such application within your read scope' },
      handler: ({ user, params, body }) => addNote(db, user, params.id, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/applications/:id/notes',
      summary: "A case's notes, oldest first",
      tags: ['applications'],
      access: READERS,
      params: IdParams,
      response: z.object({ notes: z.array(CaseNoteSchema) }),
      problems: { 404: 'No such application within your read scope' },
      handler: async ({ user, params }) => {
        await readable(db, user, params.id);
        return { notes: await notesOf(db, params.id) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/enterprises/:enterpriseId/service-officer',
      summary: "Reassign an enterprise's service officer (首席服务官) to an active relationship manager",
      tags: ['enterprises'],
      access: ['supervisor'] as const,
      params: EnterpriseParams,
      body: ServiceOfficerRequestSchema,
      response: ServiceOfficerSchema,
      problems: { 404: 'No such enterprise' },
      handler: ({ user, params, body }) => reassignServiceOfficer(db, user, params.enterpriseId, body),
    }),
  ];
}
