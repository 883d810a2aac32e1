/**
 * The home screen's summary per role, computed in SQL within the queue's scope: the caller's branch
 * sub-tree (scope.ts) and the statuses the role may read. Each list is one query that counts every
 * matching case (a window count) and returns the first few in the list's order.
 */

import type { User } from '../../shared/api/auth';
import type { DrillLoan } from '../../shared/api/dashboards';
import {
  type ContractsHome,
  type DeciderHome,
  HOME_LIST_MAX,
  type HomeCase,
  type HomeList,
  type HomeSummary,
  ORIGINATION_GROUPS,
  type OriginationHome,
  type SupervisionHome,
} from '../../shared/api/home';
import { addWorkingMillis, beijingDate, beijingInstant, slaState } from '../../shared/calendar';
import { formatMoney } from '../../shared/money/money';
import { SLA_STATUSES } from '../../shared/workflow/sla';
import type { Tier } from '../../shared/workflow/status';
import { dashboard, drill } from '../dashboards/service';
import type { Queryable } from '../db/database';
import { DUE_SOON_WORKING_MS } from './queue';
import { branchScope, readableStatuses } from './scope';

/** Statuses a case can be claimed in (decide.ts setClaim). */
export const CLAIMABLE_STATUSES = ['in_review', 'committee', 'escalated', 'returned'];
/** Decisions a person takes on a case (not the system's screen / route / auto decisions). */
export const DECISION_ACTIONS_TAKEN = ['approve', 'sign', 'decline', 'return', 'escalate', 'vote'];
/** Approved cases a contract is made for (contracts/data.ts CONTRACTABLE). */
const CONTRACTABLE = ['approved', 'auto_approved', 'contracting'];

/** The lanes a user decides in: approvers the fast and standard tiers, committee members the committee. */
export function deciderTiers(user: User): Tier[] {
  const tiers = new Set<Tier>();
  if (user.roles.includes('approver') || user.roles.includes('senior_approver')) {
    tiers.add('fast');
    tiers.add('standard');
  }
  if (user.roles.includes('committee')) tiers.add('committee');
  return [...tiers];
}

interface CaseRow {
  id: string;
  enterprise_name: string;
  product_code: string;
  amount_fen: string;
  tier: Tier;
  status: string;
  branch_id: string;
  escalated_to: 'senior_approver' | 'committee' | null;
  sla_due_at: Date | string | null;
  at: Date | string | null;
  action: string | null;
  total: number;
}

const CASE_COLUMNS = `a.id, a.enterprise_name, a.product_code, a.amount_fen, a.tier, a.status,
  a.branch_id, a.escalated_to, a.sla_due_at, count(*) OVER ()::int AS total`;
const OPEN = new Set([...SLA_STATUSES, 'returned']);
const iso = (v: Date | string | null) => (v == null ? null : new Date(v).toISOString());

function toCase(r: CaseRow, now: number): HomeCase {
  const due = r.sla_due_at ? new Date(r.sla_due_at).getTime() : null;
  return {
    id: r.id,
    enterpriseName: r.enterprise_name,
    productCode: r.product_code,
    amount: formatMoney(BigInt(r.amount_fen)),
    tier: r.tier,
    status: r.status,
    branchId: r.branch_id,
    escalatedTo: r.escalated_to ?? null,
    slaDueAt: iso(r.sla_due_at),
    slaState: due !== null && OPEN.has(r.status) ? slaState(now, due) : null,
    at: iso(r.at),
    action: r.action,
  };
}

/** Builds parameters and the scope predicate every list starts from. */
class Scoped {
  readonly params: unknown[] = [];
  readonly base: string;
  constructor(scope: string[], statuses: string[] | null) {
    const c = [`a.branch_id = ANY(${this.p(scope)})`];
    if (statuses) c.push(`a.status = ANY(${this.p(statuses)})`);
    this.base = c.join(' AND ');
  }
  p(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
}

async function list(q: Queryable, sql: string, params: unknown[], now: number): Promise<HomeList> {
  const rows = (await q.query<CaseRow>(`${sql} LIMIT ${HOME_LIST_MAX}`, params)).rows;
  return { count: rows[0]?.total ?? 0, items: rows.map((r) => toCase(r, now)) };
}

/** One list over applications: the scope, the list's own predicate and order, and what `at` is. */
async function caseList(
  q: Queryable,
  scope: string[],
  statuses: string[] | null,
  build: (s: Scoped) => { where: string; order: string; at?: string; action?: string; join?: string },
  now: number,
): Promise<HomeList> {
  const s = new Scoped(scope, statuses);
  const { where, order, at = 'NULL::timestamptz', action = 'NULL::text', join = '' } = build(s);
  return list(
    q,
    `SELECT ${CASE_COLUMNS}, ${at} AS at, ${action} AS action FROM applications a ${join}
     WHERE ${s.base} AND ${where} ORDER BY ${order}`,
    s.params,
    now,
  );
}

export async function deciderHome(q: Queryable, user: User, scope: string[], now: number): Promise<DeciderHome> {
  const statuses = readableStatuses(user);
  const tiers = deciderTiers(user);
  const nowIso = new Date(now).toISOString();
  const soonIso = new Date(addWorkingMillis(now, DUE_SOON_WORKING_MS)).toISOString();
  const today = beijingDate(now);
  const dayStart = new Date(beijingInstant(today)).toISOString();
  // Beijing keeps no daylight saving: a day is 24 hours.
  const dayEnd = new Date(beijingInstant(today) + 86_400_000).toISOString();
  const run = (b: Parameters<typeof caseList>[3]) => caseList(q, scope, statuses, b, now);
  const bySla = "COALESCE(a.sla_due_at, 'infinity'::timestamptz), a.id";
  return {
    tiers,
    claimed: await run((s) => ({
      where: `a.assignee_id = ${s.p(user.id)} AND a.status = ANY(${s.p(CLAIMABLE_STATUSES)})`,
      order: bySla,
    })),
    dueSoon: await run((s) => ({
      where: `a.status = ANY(${s.p(SLA_STATUSES)}) AND a.tier = ANY(${s.p(tiers)})
              AND a.sla_due_at > ${s.p(nowIso)} AND a.sla_due_at <= ${s.p(soonIso)}`,
      order: bySla,
    })),
    overdue: await run((s) => ({
      where: `a.status = ANY(${s.p(SLA_STATUSES)}) AND a.tier = ANY(${s.p(tiers)}) AND a.sla_due_at <= ${s.p(nowIso)}`,
      order: bySla,
    })),
    // Returned by me: the case's latest return decision is mine, and it still waits (status returned).
    returned: await run((s) => ({
      join: `JOIN LATERAL (SELECT d.actor_id, d.created_at FROM decisions d
               WHERE d.application_id = a.id AND d.action = 'return' ORDER BY d.id DESC LIMIT 1) r ON true`,
      where: `a.status = 'returned' AND r.actor_id = ${s.p(user.id)}`,
      at: 'r.created_at',
      order: 'r.created_at, a.id',
    })),
    // Decided today: each case once, with my latest decision on it today.
    decidedToday: await run((s) => ({
      join: `JOIN (SELECT DISTINCT ON (d.application_id) d.application_id, d.action, d.created_at FROM decisions d
               WHERE d.actor_id = ${s.p(user.id)} AND d.created_at >= ${s.p(dayStart)} AND d.created_at < ${s.p(dayEnd)}
                 AND d.action = ANY(${s.p(DECISION_ACTIONS_TAKEN)})
               ORDER BY d.application_id, d.id DESC) m ON m.application_id = a.id`,
      where: 'true',
      at: 'm.created_at',
      action: 'm.action',
      order: 'm.created_at DESC, a.id',
    })),
  };
}

export async function contractsHome(q: Queryable, user: User, scope: string[], now: number): Promise<ContractsHome> {
  const statuses = readableStatuses(user);
  const run = (b: Parameters<typeof caseList>[3]) => caseList(q, scope, statuses, b, now);
  return {
    awaiting: await run((s) => ({
      where: `a.status = ANY(${s.p(CONTRACTABLE)})
              AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.application_id = a.id AND c.status <> 'superseded')`,
      at: 'a.decided_at',
      order: "COALESCE(a.decided_at, 'infinity'::timestamptz), a.id",
    })),
    exportedUnsigned: await run((s) => ({
      join: `JOIN (SELECT c.application_id, min(c.updated_at) AS exported_at FROM contracts c
               WHERE c.status = 'exported' GROUP BY c.application_id) x ON x.application_id = a.id`,
      where: `a.status = ANY(${s.p(CONTRACTABLE)})`,
      at: 'x.exported_at',
      order: 'x.exported_at, a.id',
    })),
  };
}

export async function originationHome(
  q: Queryable,
  user: User,
  scope: string[],
  now: number,
): Promise<OriginationHome> {
  const statuses = readableStatuses(user);
  const s = new Scoped(scope, statuses);
  const by = (
    await q.query<{ status: string; n: number }>(
      `SELECT a.status, count(*)::int AS n FROM applications a WHERE ${s.base} AND a.created_by = ${s.p(user.id)}
       GROUP BY a.status ORDER BY n DESC, a.status`,
      s.params,
    )
  ).rows;
  const group = (g: readonly string[]) =>
    caseList(
      q,
      scope,
      statuses,
      (x) => ({
        where: `a.created_by = ${x.p(user.id)} AND a.status = ANY(${x.p(g)})`,
        at: 'a.updated_at',
        order: 'a.updated_at DESC, a.id',
      }),
      now,
    );
  return {
    total: by.reduce((t, r) => t + r.n, 0),
    byStatus: by.map((r) => ({ status: r.status, count: r.n })),
    inApproval: await group(ORIGINATION_GROUPS.inApproval),
    returned: await group(ORIGINATION_GROUPS.returned),
    approved: await group(ORIGINATION_GROUPS.approved),
    declined: await group(ORIGINATION_GROUPS.declined),
  };
}

const CHECKS = [
  { key: 'loanGrowth', unit: 'percent' },
  { key: 'borrowerGrowth', unit: 'count' },
  { key: 'nplTolerance', unit: 'percent' },
] as const;

/** The supervisor's figures, taken from the dashboards themselves so the two can never disagree. */
export async function supervisionHome(q: Queryable, user: User, now: Date): Promise<SupervisionHome> {
  const reg = await dashboard(q, user, 'regulatory', {}, now);
  const checksPanel = reg.panels.find((p) => p.id === 'regulatory.checks');
  const indicators = reg.panels.find((p) => p.id === 'regulatory.indicators');
  const cell = (row: string, s: string) => checksPanel?.rows.find((r) => r.key === row)?.values[s] ?? null;
  const checks = CHECKS.map(({ key, unit }) => {
    const met = cell(key, 'met');
    return {
      key,
      unit,
      value: cell(key, 'value'),
      target: cell(key, 'target'),
      met: met == null ? null : met === 'true',
    };
  });
  const warn = await drill(
    q,
    user,
    'warning',
    { panel: 'warning.ranked', row: 'any', series: 'loans', limit: HOME_LIST_MAX, at: reg.generatedAt },
    now,
  );
  const npl = await drill(
    q,
    user,
    'regulatory',
    { panel: 'regulatory.indicators', row: 'inclusive', series: 'nplBalance', limit: 1, at: reg.generatedAt },
    now,
  );
  const tolerance = checks.find((c) => c.key === 'nplTolerance')!;
  return {
    dataAsOf: reg.dataAsOf ?? beijingDate(now),
    generatedAt: reg.generatedAt,
    breaches: { count: checks.filter((c) => c.met === false).length, checks },
    warnings: {
      count: warn.total,
      balance: warn.balance ?? '0.00',
      items:
        warn.kind === 'loans'
          ? (warn.items as DrillLoan[]).map((l) => ({
              id: l.id,
              enterpriseId: l.enterpriseId,
              enterpriseName: l.enterpriseName,
              balance: l.balance,
              daysPastDue: l.daysPastDue,
              warningSignals: l.warningSignals,
            }))
          : [],
    },
    npl: {
      inclusiveRatio: tolerance.value,
      allRatio: indicators?.rows.find((r) => r.key === 'all')?.values.nplRatio ?? null,
      limit: tolerance.target,
      met: tolerance.met,
      loans: npl.total,
      balance: npl.balance ?? '0.00',
    },
  };
}

/** The summary for the caller: one section per role they hold. */
export async function homeSummary(q: Queryable, user: User, now = new Date()): Promise<HomeSummary> {
  const roles = new Set(user.roles);
  const ms = now.getTime();
  const scope = await branchScope(q, user);
  const decides = roles.has('approver') || roles.has('senior_approver') || roles.has('committee');
  return {
    generatedAt: now.toISOString(),
    today: beijingDate(now),
    decider: decides ? await deciderHome(q, user, scope, ms) : null,
    contracts: roles.has('contract_officer') ? await contractsHome(q, user, scope, ms) : null,
    supervision: roles.has('supervisor') ? await supervisionHome(q, user, now) : null,
    origination: roles.has('relationship_manager') ? await originationHome(q, user, scope, ms) : null,
  };
}
