/** Dashboard filters: validated against the caller's scope and turned into the values every panel reads. */
import type { z } from 'zod';
import type { User } from '../../shared/api/auth';
import {
  type DashboardId,
  type DashboardQuerySchema,
  EARLIEST_DATE,
  MAX_PERIOD_DAYS,
} from '../../shared/api/dashboards';
import { beijingDate, formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../../shared/calendar';
import { PRODUCTS } from '../../shared/credit/products';
import type { Tier } from '../../shared/workflow/status';
import type { Queryable } from '../db/database';
import { forbidden, validationFailed } from '../http/problems';
import { branchScope } from '../workflow/scope';

export interface Filters {
  from: string;
  to: string;
  /** Period bounds as instants: from 00:00 Beijing time, and the day after `to` at 00:00. */
  fromTs: string;
  toTs: string;
  branchId: string;
  branches: string[];
  productCode: string | null;
  tier: Tier | null;
  industry: string | null;
  /** The instant figures are computed at. */
  at: string;
  /** The date the loan table is as of. */
  dataAsOf: string;
}

/** Default period: the last 90 days. */
export const DEFAULT_PERIOD_DAYS = 90;
/** How far back a drill-down's `at` may point (a dashboard left open over a working day). */
const MAX_AT_AGE_MS = 24 * 3_600_000;

const invalid = (field: string, message: string) => validationFailed(`query.${field}`, message);

const dayNum = (d: string, field: string) => {
  try {
    return toDayNumber(parseCivilDate(d, field));
  } catch {
    throw invalid(field, `${d} is not a calendar date`);
  }
};
export const addDays = (d: string, n: number) => formatCivilDate(fromDayNumber(dayNum(d, 'date') + n));
/** The first day of `d`'s month, and of the month after. */
export const firstOfMonth = (d: string) => `${d.slice(0, 8)}01`;
export const nextMonth = (d: string) => {
  const c = parseCivilDate(firstOfMonth(d));
  return formatCivilDate(c.month === 12 ? { year: c.year + 1, month: 1, day: 1 } : { ...c, month: c.month + 1 });
};
const beijingMidnight = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString();

/** The date the loan data is as of: recorded by the sandbox seed, else today. */
export async function loanDataAsOf(q: Queryable, now: Date): Promise<string> {
  const r = await q.query<{ value: string }>("SELECT value FROM meta WHERE key = 'sandbox_data'");
  try {
    const asOf = JSON.parse(r.rows[0]?.value ?? 'null')?.asOf;
    if (typeof asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(asOf)) return asOf;
  } catch {
    // fall through: not a sandbox seed
  }
  return beijingDate(now);
}

export async function resolveFilters(
  q: Queryable,
  user: User,
  dashboard: DashboardId,
  query: z.output<typeof DashboardQuerySchema>,
  now = new Date(),
): Promise<Filters> {
  const today = beijingDate(now);
  const to = query.to ?? today;
  const toN = dayNum(to, 'to');
  const from = query.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  const fromN = dayNum(from, 'from');
  if (fromN > toN) throw invalid('from', `the period starts (${from}) after it ends (${to})`);
  if (toN - fromN + 1 > MAX_PERIOD_DAYS)
    throw invalid('to', `a period may cover at most ${MAX_PERIOD_DAYS} days; ${from} to ${to} is ${toN - fromN + 1}`);
  if (from < EARLIEST_DATE)
    throw invalid('from', `the data starts in ${EARLIEST_DATE.slice(0, 4)}; ${from} is before it`);
  if (toN > dayNum(today, 'today')) throw invalid('to', `${to} is in the future (today is ${today})`);
  if (query.productCode && !PRODUCTS.some((p) => p.code === query.productCode))
    throw invalid('productCode', `no product ${query.productCode}; known: ${PRODUCTS.map((p) => p.code).join(', ')}`);
  if (query.tier && dashboard !== 'process')
    throw invalid('tier', 'the approval tier applies to applications (process dashboard), not to loans');
  let at = now.toISOString();
  if (query.at) {
    const t = Date.parse(query.at);
    if (t > now.getTime() + 60_000 || t < now.getTime() - MAX_AT_AGE_MS)
      throw invalid('at', 'must be the generatedAt of a dashboard fetched within the last 24 hours');
    at = new Date(t).toISOString();
  }
  const scope = await branchScope(q, user);
  const branchId = query.branchId ?? user.branch.id;
  let branches = scope;
  if (query.branchId) {
    const known = await q.query<{ id: string }>('SELECT id FROM branches WHERE id = $1', [query.branchId]);
    if (!known.rows[0]) throw invalid('branchId', `no branch ${query.branchId}`);
    if (!scope.includes(query.branchId)) {
      throw forbidden(`Branch ${query.branchId} is outside your scope.`, {
        branchId: query.branchId,
      });
    }
    const sub = await q.query<{ id: string }>(
      `SELECT b.id FROM branches b JOIN branches t ON t.id = $1 WHERE b.path = t.path OR b.path LIKE t.path || '.%' ORDER BY b.path`,
      [query.branchId],
    );
    branches = sub.rows.map((r) => r.id);
  }
  return {
    from,
    to,
    fromTs: beijingMidnight(from),
    toTs: beijingMidnight(addDays(to, 1)),
    branchId,
    branches,
    productCode: query.productCode ?? null,
    tier: query.tier ?? null,
    industry: query.industry ?? null,
    at,
    dataAsOf: await loanDataAsOf(q, now),
  };
}
