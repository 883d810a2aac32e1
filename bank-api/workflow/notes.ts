/**
 * Case notes and service officers as the workflow reads them (issue 15 item 6): the notes on a case, merged
 * into its history as entries with action 'note'; the count of notes addressed to a user or their roles
 * on open cases (the queue badge); an enterprise's service officer. The routes are in routes/notes.ts.
 */
import { z } from 'zod';
import type { ApplicationDetail } from '../../shared/api/applications';
import { type Role, RoleSchema, type User } from '../../shared/api/auth';
import type { Queryable } from '../db/database';

export const CaseNoteSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  author: z.object({ id: z.string(), name: z.string() }),
  addresseeRole: RoleSchema.nullable(),
  addressee: z.object({ id: z.string(), name: z.string() }).nullable(),
  body: z.string(),
  createdAt: z.string(),
});
export type CaseNote = z.output<typeof CaseNoteSchema>;

export type NoteRow = {
  id: string;
  application_id: string;
  author_id: string;
  author_name: string;
  addressee_role: Role | null;
  addressee_user_id: string | null;
  addressee_name: string | null;
  body: string;
  created_at: Date | string;
};

export const NOTE_SELECT = `SELECT n.id, n.application_id, n.author_id, a.display_name AS author_name, n.addressee_role,
  n.addressee_user_id, u.display_name AS addressee_name, n.body, n.created_at
  FROM case_notes n JOIN users a ON a.id = n.author_id LEFT JOIN users u ON u.id = n.addressee_user_id`;

export const toNote = (r: NoteRow): CaseNote => ({
  id: String(r.id),
  applicationId: r.application_id,
  author: { id: r.author_id, name: r.author_name },
  addresseeRole: r.addressee_role,
  addressee: r.addressee_user_id ? { id: r.addressee_user_id, name: r.addressee_name ?? r.addressee_user_id } : null,
  body: r.body,
  createdAt: new Date(r.created_at).toISOString(),
});

/** The notes on one case, oldest first (the case detail merges them into its history). */
export async function notesOf(q: Queryable, applicationId: string): Promise<CaseNote[]> {
  const r = await q.query<NoteRow>(`${NOTE_SELECT} WHERE n.application_id = $1 ORDER BY n.id`, [applicationId]);
  return r.rows.map(toNote);
}

/** Notes addressed to this user or one of their roles on open cases, per case (the queue's badge). */
export async function notesForMe(q: Queryable, user: User, applicationIds: readonly string[]) {
  if (applicationIds.length === 0) return new Map<string, number>();
  const r = await q.query<{ application_id: string; n: number }>(
    `SELECT application_id, count(*)::int AS n FROM case_notes
     WHERE application_id = ANY($1) AND author_id <> $2
       AND (addressee_user_id = $2 OR addressee_role = ANY($3))
     GROUP BY application_id`,
    [[...applicationIds], user.id, [...user.roles]],
  );
  return new Map(r.rows.map((x) => [x.application_id, Number(x.n)]));
}

/** The enterprise's service officer, or null when none is assigned. */
export async function serviceOfficerOf(q: Queryable, enterpriseId: string) {
  const r = await q.query<{ id: string; name: string }>(
    `SELECT u.id, u.display_name AS name FROM enterprises e JOIN users u ON u.id = e.service_officer_id
     WHERE e.id = $1`,
    [enterpriseId],
  );
  return r.rows[0] ?? null;
}

/**
 * The case history with its notes merged in by time, each as an entry with action 'note' (id negative so
 * it never meets a decision's id) in the status the case had then; the note's text as `comment`.
 */
export function withNotes(
  history: ApplicationDetail['history'],
  notes: readonly CaseNote[],
  firstStatus: ApplicationDetail['history'][number]['fromStatus'],
): ApplicationDetail['history'] {
  if (notes.length === 0) return history;
  const out: ApplicationDetail['history'] = [];
  let i = 0;
  let status = history[0]?.fromStatus ?? firstStatus;
  for (const n of notes) {
    while (i < history.length && history[i]!.at <= n.createdAt) {
      status = history[i]!.toStatus;
      out.push(history[i++]!);
    }
    out.push({
      id: -Number(n.id),
      actorId: n.author.id,
      actorName: n.author.name,
      action: 'note',
      fromStatus: status,
      toStatus: status,
      payload: {
        comment: n.body,
        ...(n.addresseeRole ? { addresseeRole: n.addresseeRole } : {}),
        ...(n.addressee ? { addressee: n.addressee.name } : {}),
      },
      at: n.createdAt,
    });
  }
  return [...out, ...history.slice(i)];
}
