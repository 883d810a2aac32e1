/**
 * Full personal identifiers (issue 13): who may be shown one in full, how many per hour, and the
 * alerts raised when someone reaches that limit. The decision is made here; the route that shows the
 * identifier audits each full reveal as before (`personal_data.read`).
 *
 * - Only where the work needs it: a role that needs the full ID (the case detail's FULL_ID_ROLES, the
 *   contract officer) sees it while the case's contract is being drawn (CONTRACTABLE: approved,
 *   auto_approved, contracting). Once signed or disbursed the contract holds it; the detail is masked.
 * - Rate-limited per user: at most `limitPerHour` distinct identifiers in any rolling hour (default
 *   FULL_ID_REVEALS_PER_HOUR, or the FULL_ID_REVEALS_PER_HOUR environment variable). Seeing one again
 *   within its hour is free. Beyond the limit the detail is served masked with a note saying why —
 *   the desk keeps working — and a supervisor alert is recorded.
 */
import type { IdRevealWithheld, RevealAlertList } from '../../shared/api/audit';
import type { User } from '../../shared/api/auth';
import type { Status } from '../../shared/workflow/status';
import { readVar } from '../config';
import { CONTRACTABLE } from '../contracts/data';
import type { Database, Queryable } from '../db/database';
import { branchScope } from '../workflow/scope';

/** A contract officer drafts a contract in well over three minutes; a scraper reads hundreds a minute. */
export const FULL_ID_REVEALS_PER_HOUR = 20;
const WINDOW_MS = 60 * 60_000;
/** Advisory-lock namespace: one user's reveal decisions run one at a time, across API instances. */
const REVEAL_LOCK_NAMESPACE = 7_311_200;

/** The deployment's limit: FULL_ID_REVEALS_PER_HOUR from the environment, else the default. */
export function revealsPerHour(env: Record<string, string | undefined> = process.env): number {
  return readVar('FULL_ID_REVEALS_PER_HOUR', env);
}

export interface RevealRequest {
  /** The caller holds a role that needs this identifier in full for its work. */
  roleNeedsIt: boolean;
  applicationId: string;
  /** The case's status: full only while its contract is being drawn. */
  status: string;
  /** Which identifier of the case, e.g. 'legalRepId'. */
  field: string;
}

export type RevealDecision = { full: true } | { full: false; withheld: IdRevealWithheld | null };

/** Whether to show the identifier in full; a reveal beyond the limit is withheld and raises an alert. */
export async function decideReveal(
  db: Database,
  user: User,
  r: RevealRequest,
  limitPerHour = revealsPerHour(),
): Promise<RevealDecision> {
  if (!r.roleNeedsIt || !CONTRACTABLE.includes(r.status as Status)) return { full: false, withheld: null };
  return db.tx((q) => rateReveal(q, user.id, `application:${r.applicationId}:${r.field}`, limitPerHour));
}

/** The rate limit itself, inside the caller's transaction. `subject` names the identifier, never its value. */
export async function rateReveal(
  q: Queryable,
  userId: string,
  subject: string,
  limitPerHour: number,
): Promise<RevealDecision> {
  await q.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REVEAL_LOCK_NAMESPACE, userId]);
  await q.query(`DELETE FROM id_reveals WHERE user_id = $1 AND revealed_at <= now() - interval '1 hour'`, [userId]);
  const w = (
    await q.query<{ n: number; seen: boolean | null; oldest: Date | null }>(
      `SELECT count(*)::int AS n, bool_or(subject = $2) AS seen, min(revealed_at) AS oldest
       FROM id_reveals WHERE user_id = $1`,
      [userId, subject],
    )
  ).rows[0]!;
  if (w.seen) return { full: true };
  if (w.n < limitPerHour) {
    await q.query('INSERT INTO id_reveals (user_id, subject) VALUES ($1, $2)', [userId, subject]);
    return { full: true };
  }
  const episode = await q.query(
    `UPDATE reveal_alerts SET refused_count = refused_count + 1, last_refused_at = now(), last_subject = $2
     WHERE id = (SELECT id FROM reveal_alerts WHERE user_id = $1 AND opened_at > now() - interval '1 hour'
                 ORDER BY opened_at DESC LIMIT 1)
     RETURNING id`,
    [userId, subject],
  );
  if (episode.rowCount === 0) {
    await q.query(
      'INSERT INTO reveal_alerts (user_id, limit_per_hour, first_subject, last_subject) VALUES ($1, $2, $3, $3)',
      [userId, limitPerHour, subject],
    );
  }
  const availableAt = new Date(new Date(w.oldest ?? Date.now()).getTime() + WINDOW_MS).toISOString();
  return {
    full: false,
    withheld: {
      reason: 'hourly_limit',
      limitPerHour,
      availableAt,
      message:
        `过去一小时内已查看 ${limitPerHour} 个完整居民身份证号码（上限），此处按遮盖显示；主管已收到提示。 ` +
        `You have been shown ${limitPerHour} full ID numbers in the past hour, the limit: this one is masked ` +
        'and a supervisor has been alerted. Full numbers are available again as older views leave the hour.',
    },
  };
}

interface AlertRow {
  id: string;
  user_id: string;
  username: string;
  display_name: string;
  branch_id: string;
  limit_per_hour: number;
  opened_at: Date;
  last_refused_at: Date;
  refused_count: number;
  first_subject: string;
  last_subject: string;
}

/** Alerts about users in the supervisor's branch sub-tree, newest first, in pages by id. */
export async function listRevealAlerts(
  q: Queryable,
  supervisor: User,
  page: { limit: number; cursor?: string | undefined },
): Promise<RevealAlertList> {
  const scope = await branchScope(q, supervisor);
  const rows = (
    await q.query<AlertRow>(
      `SELECT a.id::text AS id, a.user_id, u.username, u.display_name, u.branch_id, a.limit_per_hour,
              a.opened_at, a.last_refused_at, a.refused_count, a.first_subject, a.last_subject
       FROM reveal_alerts a JOIN users u ON u.id = a.user_id
       WHERE u.branch_id = ANY($1) AND ($2::bigint IS NULL OR a.id < $2::bigint)
       ORDER BY a.id DESC LIMIT $3`,
      [scope, page.cursor ?? null, page.limit + 1],
    )
  ).rows;
  const total = (
    await q.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM reveal_alerts a JOIN users u ON u.id = a.user_id WHERE u.branch_id = ANY($1)',
      [scope],
    )
  ).rows[0]!.n;
  const items = rows.slice(0, page.limit).map((r) => ({
    id: r.id,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    branchId: r.branch_id,
    limitPerHour: r.limit_per_hour,
    openedAt: new Date(r.opened_at).toISOString(),
    lastRefusedAt: new Date(r.last_refused_at).toISOString(),
    refusedCount: r.refused_count,
    firstSubject: r.first_subject,
    lastSubject: r.last_subject,
  }));
  return { items, nextCursor: rows.length > page.limit ? items[items.length - 1]!.id : null, total };
}
