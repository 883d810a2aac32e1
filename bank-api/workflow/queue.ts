/** The approval queue: filtered, sorted, keyset-paginated lists and per-tier counts, within the caller's scope. */
import { z } from 'zod';
import type { ApplicationListQuerySchema } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import { addWorkingMillis } from '../../shared/calendar';
import { parseMoney } from '../../shared/money/money';
import type { Queryable } from '../db/database';
import { ApiProblem } from '../http/problems';
import { type ApplicationRow, SUMMARY_COLUMNS, toSummary } from './rows';
import { branchScope, readableStatuses } from './scope';

export const DUE_SOON_WORKING_MS = 3_600_000;
const OPEN_STATUSES = ['submitted', 'screened', 'in_review', 'returned', 'escalated', 'committee'];

const SORT_SQL = {
  slaDueAt: { expr: "COALESCE(sla_due_at, 'infinity'::timestamptz)", dir: 'ASC' },
  '-slaDueAt': { expr: "COALESCE(sla_due_at, '-infinity'::timestamptz)", dir: 'DESC' },
  submittedAt: { expr: 'submitted_at', dir: 'ASC' },
  '-submittedAt': { expr: 'submitted_at', dir: 'DESC' },
  amount: { expr: 'amount_fen', dir: 'ASC' },
  '-amount': { expr: 'amount_fen', dir: 'DESC' },
} as const;

const CursorSchema = z.tuple([z.string(), z.string()]);

function decodeCursor(c: string): [string, string] {
  try {
    return CursorSchema.parse(JSON.parse(Buffer.from(c, 'base64url').toString('utf8')));
  } catch {
    throw new ApiProblem(
      400,
      'validation_failed',
      'Request validation failed',
      'query.cursor: not a cursor this API issued',
    );
  }
}

/** Builds the WHERE clause shared by the list and its total. */
async function whereFor(q: Queryable, user: User, f: z.output<typeof ApplicationListQuerySchema>, now: number) {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const scope = await branchScope(q, user);
  if (f.branchId) {
    if (!scope.includes(f.branchId)) {
      throw new ApiProblem(403, 'forbidden', 'Not allowed', `Branch ${f.branchId} is outside your scope.`);
    }
    const sub = await q.query<{ id: string }>(
      `SELECT b.id FROM branches b JOIN branches t ON t.id = $1 WHERE b.path = t.path OR b.path LIKE t.path || '.%'`,
      [f.branchId],
    );
    clauses.push(`branch_id = ANY(${p(sub.rows.map((r) => r.id))})`);
  } else {
    clauses.push(`branch_id = ANY(${p(scope)})`);
  }
  const statuses = readableStatuses(user);
  if (statuses) clauses.push(`status = ANY(${p(statuses)})`);
  if (f.status) clauses.push(`status = ANY(${p(f.status)})`);
  if (f.tier) clauses.push(`tier = ${p(f.tier)}`);
  if (f.productCode) clauses.push(`product_code = ${p(f.productCode)}`);
  if (f.assigneeId) clauses.push(`assignee_id = ${p(f.assigneeId)}`);
  if (f.amountMin) clauses.push(`amount_fen >= ${p(parseMoney(f.amountMin, 'amountMin').toString())}`);
  if (f.amountMax) clauses.push(`amount_fen <= ${p(parseMoney(f.amountMax, 'amountMax').toString())}`);
  if (f.amountMin && f.amountMax && parseMoney(f.amountMin) > parseMoney(f.amountMax)) {
    throw new ApiProblem(
      400,
      'validation_failed',
      'Request validation failed',
      'query.amountMin: must not exceed amountMax',
    );
  }
  if (f.q) {
    // Text search on name or code; LIKE wildcards in the user's text are taken literally.
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    clauses.push(
      `(enterprise_name LIKE ${p(like)} OR uscc LIKE ${p(like.toUpperCase())} OR id LIKE ${p(like.toUpperCase())})`,
    );
  }
  if (f.slaState) {
    const nowIso = new Date(now).toISOString();
    const soonIso = new Date(addWorkingMillis(now, DUE_SOON_WORKING_MS)).toISOString();
    clauses.push(`status = ANY(${p(OPEN_STATUSES)})`);
    if (f.slaState === 'overdue') clauses.push(`sla_due_at <= ${p(nowIso)}`);
    else if (f.slaState === 'due_soon') clauses.push(`sla_due_at > ${p(nowIso)} AND sla_due_at <= ${p(soonIso)}`);
    else clauses.push(`sla_due_at > ${p(soonIso)}`);
  }
  return { where: clauses.join(' AND '), params, p };
}

export async function listApplications(
  q: Queryable,
  user: User,
  f: z.output<typeof ApplicationListQuerySchema>,
  now = Date.now(),
) {
  const { where, params, p } = await whereFor(q, user, f, now);
  const sort = SORT_SQL[f.sort];
  const cmp = sort.dir === 'ASC' ? '>' : '<';
  let pageWhere = where;
  if (f.cursor) {
    const [v, id] = decodeCursor(f.cursor);
    pageWhere += ` AND (${sort.expr}, id) ${cmp} (${p(v)}::${f.sort.includes('amount') ? 'bigint' : 'timestamptz'}, ${p(id)})`;
  }
  const rows = (
    await q.query<ApplicationRow & { sort_key: string }>(
      `SELECT ${SUMMARY_COLUMNS}, (${sort.expr})::text AS sort_key,
         (SELECT display_name FROM users WHERE users.id = applications.assignee_id) AS assignee_name FROM applications
       WHERE ${pageWhere} ORDER BY ${sort.expr} ${sort.dir}, id ${sort.dir} LIMIT ${f.limit + 1}`,
      params,
    )
  ).rows;
  const total = (
    await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM applications WHERE ${where}`,
      params.slice(0, countParams(where)),
    )
  ).rows[0]!.n;
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > f.limit && last ? Buffer.from(JSON.stringify([last.sort_key, last.id])).toString('base64url') : null;
  return { items: page.map((r) => toSummary(r, now)), nextCursor, total };
}

/** Number of `$n` parameters a clause string uses (the cursor's come after). */
function countParams(where: string): number {
  let max = 0;
  for (const m of where.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}

export async function queueCounts(q: Queryable, user: User, now = Date.now()) {
  const scope = await branchScope(q, user);
  const nowIso = new Date(now).toISOString();
  const soonIso = new Date(addWorkingMillis(now, DUE_SOON_WORKING_MS)).toISOString();
  const r = await q.query<{ tier: string; open: number; due_soon: number; overdue: number; returned: number }>(
    `SELECT tier,
            count(*) FILTER (WHERE status <> 'returned')::int AS open,
            count(*) FILTER (WHERE status <> 'returned' AND sla_due_at > $2 AND sla_due_at <= $3)::int AS due_soon,
            count(*) FILTER (WHERE status <> 'returned' AND sla_due_at <= $2)::int AS overdue,
            count(*) FILTER (WHERE status = 'returned')::int AS returned
     FROM applications WHERE branch_id = ANY($1) AND status = ANY($4) GROUP BY tier`,
    [scope, nowIso, soonIso, OPEN_STATUSES],
  );
  const byTier = new Map(r.rows.map((x) => [x.tier, x]));
  const tiers = (['instant', 'fast', 'standard', 'committee'] as const).map((tier) => {
    const x = byTier.get(tier);
    return { tier, open: x?.open ?? 0, dueSoon: x?.due_soon ?? 0, overdue: x?.overdue ?? 0 };
  });
  return { tiers, returned: r.rows.reduce((s, x) => s + x.returned, 0) };
}
