/** The approval queue: filtered, sorted, keyset-paginated lists and per-tier counts, within the caller's scope. */
import type { z } from 'zod';
import type { ApplicationListQuerySchema } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import { addWorkingMillis } from '../../shared/calendar';
import { parseMoney } from '../../shared/money/money';
import type { Queryable } from '../db/database';
import { ApiProblem } from '../http/problems';
import { notesForMe } from './notes';
import { type ApplicationRow, SUMMARY_COLUMNS, toSummary } from './rows';
import { readScope, readScopeSql } from './scope';

export const DUE_SOON_WORKING_MS = 3_600_000;
const OPEN_STATUSES = ['submitted', 'screened', 'in_review', 'returned', 'escalated', 'committee'];

// Column names qualified: a bare name in ORDER BY means an output column first, and the summary's
// columns may come back converted (amount_fen as text would sort 1000000 before 2000).
const SORT_SQL = {
  slaDueAt: { expr: "COALESCE(sla_due_at, 'infinity'::timestamptz)", dir: 'ASC' },
  '-slaDueAt': { expr: "COALESCE(sla_due_at, '-infinity'::timestamptz)", dir: 'DESC' },
  submittedAt: { expr: 'applications.submitted_at', dir: 'ASC' },
  '-submittedAt': { expr: 'applications.submitted_at', dir: 'DESC' },
  amount: { expr: 'applications.amount_fen', dir: 'ASC' },
  '-amount': { expr: 'applications.amount_fen', dir: 'DESC' },
} as const;

/** A sort order of the queue, as the query names it. */
export type QueueSort = keyof typeof SORT_SQL;
const TIME_SORTS = new Set<QueueSort>(['slaDueAt', '-slaDueAt', 'submittedAt', '-submittedAt']);
/** The latest instant a time key may name (9999-12-31T23:59:59.999999Z) in microseconds since 1970. */
const MAX_EPOCH_MICROS = 253_402_300_799_999_999n;
const CURSOR_VERSION = 1;
const CURSOR_ID = /^[A-Z0-9-]{4,40}$/;
const DIGITS = /^(0|[1-9]\d{0,17})$/;

/**
 * Where the next page starts: the sort it belongs to, the last row's sort key (fen for the amount sorts;
 * microseconds since 1970 for the time sorts, or the infinity an SLA-less case sorts at) and its id.
 * On the wire it is opaque: base64url of `[1, sort, key, id]`.
 */
export interface QueueCursor {
  sort: QueueSort;
  key: string;
  id: string;
}

export function encodeCursor(c: QueueCursor): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, c.sort, c.key, c.id])).toString('base64url');
}

const badCursor = (message: string) =>
  new ApiProblem(400, 'bad_cursor', 'Bad cursor', `query.cursor: ${message}`, {
    errors: [{ path: 'query.cursor', message }],
  });

/** The key a sort may carry: only what the database can take back without an error. */
function keyFits(sort: QueueSort, key: string): boolean {
  if (sort === 'slaDueAt' && key === 'infinity') return true;
  if (sort === '-slaDueAt' && key === '-infinity') return true;
  if (!DIGITS.test(key)) return false;
  return TIME_SORTS.has(sort) ? BigInt(key) <= MAX_EPOCH_MICROS : true;
}

/**
 * Reads a cursor strictly: the exact encoding this API writes, a known version, a key of the right
 * kind and range for its sort, an application id — and the sort the caller asks for, since a key means
 * nothing under another order. Anything else is a 400 `bad_cursor`; nothing unchecked reaches SQL.
 */
export function decodeCursor(cursor: string, sort: QueueSort): QueueCursor {
  const forged = 'not a cursor this API issued; start again from the first page';
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor(forged);
  }
  if (!Array.isArray(raw) || raw.length !== 4) throw badCursor(forged);
  const [v, s, key, id] = raw as unknown[];
  if (v !== CURSOR_VERSION || typeof s !== 'string' || !Object.hasOwn(SORT_SQL, s)) throw badCursor(forged);
  if (typeof key !== 'string' || typeof id !== 'string' || !CURSOR_ID.test(id) || !keyFits(s as QueueSort, key)) {
    throw badCursor(forged);
  }
  const c: QueueCursor = { sort: s as QueueSort, key, id };
  if (encodeCursor(c) !== cursor) throw badCursor(forged);
  if (c.sort !== sort) {
    throw badCursor(`this cursor belongs to the sort ${c.sort}, not ${sort}; start again from the first page`);
  }
  return c;
}

/** The sort key of a row as text, in the cursor's units (see QueueCursor). */
function sortKeySql(sort: QueueSort): string {
  const e = SORT_SQL[sort].expr;
  if (!TIME_SORTS.has(sort)) return `(${e})::text`;
  return `CASE WHEN isfinite(${e}) THEN (extract(epoch FROM ${e}) * 1000000)::bigint::text ELSE (${e})::text END`;
}

/**
 * The cursor's key as a SQL value of the sort expression's type. The key was checked by decodeCursor;
 * a time is rebuilt from whole seconds and microseconds, each exact in the float the interval product takes.
 */
function cursorValueSql(c: QueueCursor, p: (v: unknown) => string): string {
  if (!TIME_SORTS.has(c.sort)) return `${p(c.key)}::bigint`;
  if (c.key === 'infinity' || c.key === '-infinity') return `'${c.key}'::timestamptz`;
  const micros = BigInt(c.key);
  return `('epoch'::timestamptz + ${p((micros / 1_000_000n).toString())}::bigint * interval '1 second' + ${p((micros % 1_000_000n).toString())}::bigint * interval '1 microsecond')`;
}

/** Builds the WHERE clause shared by the list and its total. */
async function whereFor(q: Queryable, user: User, f: z.output<typeof ApplicationListQuerySchema>, now: number) {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const scope = await readScope(q, user);
  if (f.branchId) {
    if (!scope.branches.includes(f.branchId)) {
      throw new ApiProblem(403, 'forbidden', 'Not allowed', `Branch ${f.branchId} is outside your scope.`);
    }
    const sub = await q.query<{ id: string }>(
      `SELECT b.id FROM branches b JOIN branches t ON t.id = $1 WHERE b.path = t.path OR b.path LIKE t.path || '.%'`,
      [f.branchId],
    );
    clauses.push(
      readScopeSql(
        scope,
        p,
        sub.rows.map((r) => r.id),
      ),
    );
  } else {
    clauses.push(readScopeSql(scope, p));
  }
  if (f.status) clauses.push(`status = ANY(${p(f.status)})`);
  if (f.tier) clauses.push(`tier = ${p(f.tier)}`);
  if (f.escalatedTo) clauses.push(`escalated_to = ${p(f.escalatedTo)}`);
  if (f.productCode) clauses.push(`product_code = ${p(f.productCode)}`);
  if (f.assigneeId) clauses.push(`assignee_id = ${p(f.assigneeId)}`);
  if (f.mine) {
    const me = p(user.id);
    clauses.push(
      `(created_by = ${me} OR enterprise_id IN (SELECT id FROM enterprises WHERE service_officer_id = ${me}))`,
    );
  }
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
    const c = decodeCursor(f.cursor, f.sort);
    pageWhere += ` AND (${sort.expr}, id) ${cmp} (${cursorValueSql(c, p)}, ${p(c.id)})`;
  }
  const rows = (
    await q.query<ApplicationRow & { sort_key: string; returned_by: string | null }>(
      `SELECT ${SUMMARY_COLUMNS}, ${sortKeySql(f.sort)} AS sort_key,
         (SELECT display_name FROM users WHERE users.id = applications.assignee_id) AS assignee_name,
         (SELECT payload->>'returnedBy' FROM decisions d WHERE d.application_id = applications.id
            AND d.action = 'resubmit' ORDER BY d.id DESC LIMIT 1) AS returned_by FROM applications
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
    rows.length > f.limit && last ? encodeCursor({ sort: f.sort, key: last.sort_key, id: last.id }) : null;
  // 补件: a case back from a return shows who returned it (the queue badge), while it waits in review.
  const back = (r: (typeof page)[number]) =>
    r.returned_by && r.status === 'in_review' ? { resubmitted: true, returnedBy: r.returned_by } : {};
  // Notes addressed to the caller or their roles on open cases (the queue's notes badge).
  const mine = await notesForMe(
    q,
    user,
    page.filter((r) => (OPEN_STATUSES as readonly string[]).includes(r.status)).map((r) => r.id),
  );
  const notes = (r: (typeof page)[number]) => (mine.has(r.id) ? { notesForMe: mine.get(r.id) } : {});
  return { items: page.map((r) => ({ ...toSummary(r, now), ...back(r), ...notes(r) })), nextCursor, total };
}

/** Number of `$n` parameters a clause string uses (the cursor's come after). */
function countParams(where: string): number {
  let max = 0;
  for (const m of where.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/**
 * Open cases per lane within what the user may read (the same ReadScope as the list and the events):
 * per tier, and the senior lane — cases escalated to a senior approver, which wait there rather than in
 * their tier's lane.
 */
export async function queueCounts(q: Queryable, user: User, now = Date.now()) {
  const scope = await readScope(q, user);
  const nowIso = new Date(now).toISOString();
  const soonIso = new Date(addWorkingMillis(now, DUE_SOON_WORKING_MS)).toISOString();
  const params: unknown[] = [nowIso, soonIso, OPEN_STATUSES];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const r = await q.query<{
    lane: string;
    open: number;
    due_soon: number;
    overdue: number;
    returned: number;
  }>(
    `SELECT CASE WHEN status = 'escalated' AND escalated_to = 'senior_approver' THEN 'senior' ELSE tier END AS lane,
            count(*) FILTER (WHERE status <> 'returned')::int AS open,
            count(*) FILTER (WHERE status <> 'returned' AND sla_due_at > $1 AND sla_due_at <= $2)::int AS due_soon,
            count(*) FILTER (WHERE status <> 'returned' AND sla_due_at <= $1)::int AS overdue,
            count(*) FILTER (WHERE status = 'returned')::int AS returned
     FROM applications WHERE ${readScopeSql(scope, p)} AND status = ANY($3) GROUP BY 1`,
    params,
  );
  const byLane = new Map(r.rows.map((x) => [x.lane, x]));
  const figures = (lane: string) => {
    const x = byLane.get(lane);
    return { open: x?.open ?? 0, dueSoon: x?.due_soon ?? 0, overdue: x?.overdue ?? 0 };
  };
  const tiers = (['instant', 'fast', 'standard', 'committee'] as const).map((tier) => ({ tier, ...figures(tier) }));
  return { tiers, senior: figures('senior'), returned: r.rows.reduce((s, x) => s + x.returned, 0) };
}
