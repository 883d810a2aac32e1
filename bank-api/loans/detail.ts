/**
 * The loan page's data (issue 17 item 2): one loan, read in the reader's scope — their branch and every
 * branch beneath it, and for a relationship manager also the clients they serve as 首席服务官 wherever
 * booked (the same rule as applications, workflow/scope.ts). A loan outside it is not found, so its
 * existence is not revealed.
 *
 * Classification history comes from loan_classifications (migration 0027) and signals from loan_signals
 * (migration 0025) when those tables exist and hold rows for the loan; otherwise the loan's present
 * classification is the one history entry and its warning_signals column the signals.
 */
import type { User } from '../../shared/api/auth';
import {
  CLASSIFICATIONS,
  type ClassificationEntry,
  type LoanDetail,
  type LoanInstalment,
  type LoanSearchResult,
  type LoanSignal,
} from '../../shared/api/loans';
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../../shared/calendar/civil-date';
import { maskName, maskResidentId } from '../../shared/ids/mask';
import { buildSchedule } from '../../shared/loan/schedule';
import { formatMoney } from '../../shared/money/money';
import { loanDataAsOf } from '../dashboards/filters';
import type { Queryable } from '../db/database';
import { derivedInput, type LoanRow, storedSchedule } from '../routes/repayments';
import { branchScope } from '../workflow/scope';
import { instalmentStates, type ScheduleRow } from './schedule-state';

interface DetailRow extends LoanRow {
  application_id: string | null;
  branch_id: string;
  max_dpd: number;
  classification: string;
  warning_signals: string[];
  grade: string | null;
  tier: string | null;
  channel: string | null;
  lpr_percent: string | null;
  spread_bp: number | null;
  contract_id: string | null;
  uscc: string;
  legal_rep_name: string;
  legal_rep_id: string;
  service_officer_id: string | null;
  officer_name: string | null;
}

type Class = (typeof CLASSIFICATIONS)[number];
const isClass = (v: unknown): v is Class => (CLASSIFICATIONS as readonly unknown[]).includes(v);
const iso = (v: Date | string | null): string | null => (v == null ? null : new Date(v).toISOString());
const minusDays = (d: string, n: number) => formatCivilDate(fromDayNumber(toDayNumber(parseCivilDate(d)) - n));

/** Whether a table another migration creates is there yet (0025 loan_signals, 0027 loan_classifications). */
async function hasTable(q: Queryable, name: string): Promise<boolean> {
  const r = await q.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [name]);
  return r.rows[0]?.ok === true;
}

/** The reader's scope as a predicate on a loan row: branch subtree, or a client the RM serves. */
function inScope(
  branches: readonly string[],
  user: User,
  row: { branch_id: string; service_officer_id: string | null },
) {
  return (
    branches.includes(row.branch_id) ||
    (user.roles.includes('relationship_manager') && row.service_officer_id === user.id)
  );
}

const money = (fen: bigint) => formatMoney(fen);
const toInstalment = (r: ScheduleRow & { state: LoanInstalment['state'] }): LoanInstalment => ({
  period: r.period,
  dueDate: r.dueDate,
  principal: money(r.principal),
  interest: money(r.interest),
  amount: money(r.principal + r.interest),
  state: r.state,
});

async function classificationHistory(q: Queryable, row: DetailRow, asOf: string): Promise<ClassificationEntry[]> {
  const current: ClassificationEntry[] = isClass(row.classification)
    ? [
        {
          period: asOf,
          proposed: row.classification,
          classification: row.classification,
          status: 'current',
          reviewerName: null,
          secondReviewerName: null,
          reason: null,
          decidedAt: null,
        },
      ]
    : [];
  if (!(await hasTable(q, 'loan_classifications'))) return current;
  const r = await q.query<{
    period: string;
    proposed: string;
    final: string | null;
    status: string;
    reviewer: string | null;
    second: string | null;
    reason: string | null;
    decided_at: Date | string | null;
  }>(
    `SELECT to_char(c.period, 'YYYY-MM-DD') AS period, c.proposed, c.final, c.status, r1.display_name AS reviewer,
            r2.display_name AS second, c.reason, c.decided_at
     FROM loan_classifications c
     LEFT JOIN users r1 ON r1.id = c.reviewer_id
     LEFT JOIN users r2 ON r2.id = c.second_reviewer_id
     WHERE c.loan_id = $1 ORDER BY c.period DESC`,
    [row.id],
  );
  const STATUSES = ['proposed', 'confirmed', 'overridden', 'awaiting_second'] as const;
  const entries = r.rows.flatMap((c): ClassificationEntry[] => {
    const final = c.final ?? c.proposed;
    const status = STATUSES.find((s) => s === c.status);
    if (!isClass(c.proposed) || !isClass(final) || !status) return [];
    return [
      {
        period: c.period,
        proposed: c.proposed,
        classification: final,
        status,
        reviewerName: c.reviewer,
        secondReviewerName: c.second,
        reason: c.reason,
        decidedAt: iso(c.decided_at),
      },
    ];
  });
  return entries.length ? entries : current;
}

async function signalsOf(q: Queryable, row: DetailRow): Promise<LoanSignal[]> {
  const recorded: LoanSignal[] = (row.warning_signals ?? []).map((code) => ({
    code,
    severity: null,
    raisedAt: null,
    clearedAt: null,
    observedAt: null,
    observed: null,
    ruleVersion: null,
    source: 'loan_record',
  }));
  if (!(await hasTable(q, 'loan_signals'))) return recorded;
  const r = await q.query<{
    code: string;
    severity: string;
    rule_version: string;
    observed: unknown;
    observed_at: Date | string;
    raised_at: Date | string;
    cleared_at: Date | string | null;
  }>(
    `SELECT code, severity, rule_version, observed, observed_at, raised_at, cleared_at
     FROM loan_signals WHERE loan_id = $1 ORDER BY raised_at DESC, id DESC`,
    [row.id],
  );
  if (r.rows.length === 0) return recorded;
  return r.rows.map((s) => ({
    code: s.code,
    severity: s.severity === 'low' || s.severity === 'medium' || s.severity === 'high' ? s.severity : null,
    raisedAt: iso(s.raised_at),
    clearedAt: iso(s.cleared_at),
    observedAt: iso(s.observed_at),
    observed:
      s.observed && typeof s.observed === 'object' && !Array.isArray(s.observed)
        ? (s.observed as Record<string, unknown>)
        : null,
    ruleVersion: s.rule_version,
    source: 'monitoring',
  }));
}

async function applicationOf(q: Queryable, row: DetailRow): Promise<LoanDetail['application']> {
  if (!row.application_id) return null;
  const a = (
    await q.query<{
      id: string;
      grade: string | null;
      tier: string;
      channel: string;
      status: string;
      decided_at: Date | string | null;
    }>('SELECT id, grade, tier, channel, status, decided_at FROM applications WHERE id = $1', [row.application_id])
  ).rows[0];
  if (!a) return null;
  // The approval: the last decision that took the case to approved (the instant channel's has no actor).
  const d = (
    await q.query<{ actor_id: string | null; display_name: string | null }>(
      `SELECT d.actor_id, u.display_name FROM decisions d LEFT JOIN users u ON u.id = d.actor_id
       WHERE d.application_id = $1 AND d.to_status IN ('approved', 'auto_approved')
       ORDER BY d.created_at DESC, d.id DESC LIMIT 1`,
      [a.id],
    )
  ).rows[0];
  return {
    id: a.id,
    grade: row.grade ?? a.grade,
    tier: a.tier,
    channel: a.channel,
    status: a.status,
    decidedAt: iso(a.decided_at),
    decidedByName: d?.display_name ?? null,
    decidedAutomatically: d ? d.actor_id === null : a.tier === 'instant',
  };
}

/** The loan page's data, or null when the loan does not exist or is outside the reader's scope. */
export async function loanDetail(q: Queryable, user: User, id: string, now = new Date()): Promise<LoanDetail | null> {
  const row = (
    await q.query<DetailRow>(
      `SELECT l.id, l.application_id, l.enterprise_id, e.name AS enterprise_name, l.branch_id, l.product_code,
              l.principal_fen::text AS principal_fen, l.balance_fen::text AS balance_fen, l.annual_rate::text AS annual_rate,
              to_char(l.disbursed_on, 'YYYY-MM-DD') AS disbursed_on, to_char(l.maturity_date, 'YYYY-MM-DD') AS maturity_date,
              l.days_past_due, l.max_dpd, l.classification, l.warning_signals, l.grade, l.tier, l.channel,
              l.term_months, l.repayment_method, l.lpr_percent::text AS lpr_percent, l.spread_bp, l.schedule, l.contract_id,
              e.uscc, e.legal_rep_name, e.legal_rep_id, e.service_officer_id, u.display_name AS officer_name
       FROM loans l JOIN enterprises e ON e.id = l.enterprise_id LEFT JOIN users u ON u.id = e.service_officer_id
       WHERE l.id = $1`,
      [id],
    )
  ).rows[0];
  if (!row || !inScope(await branchScope(q, user), user, row)) return null;

  const asOf = await loanDataAsOf(q, now);
  const dpd = Number(row.days_past_due);
  const balance = BigInt(row.balance_fen);
  const overdueSince = dpd > 0 ? minusDays(asOf, dpd) : null;
  // The schedule stored at disbursement, else derived from the terms (as the repayment reminders do).
  const stored = storedSchedule(row.schedule);
  const input = stored ? null : derivedInput(row);
  const rows: ScheduleRow[] = stored ?? (input ? buildSchedule(input) : []);
  const stated = instalmentStates(rows, asOf, dpd, overdueSince, balance);
  const overdue = stated.filter((r) => r.state === 'overdue');
  const next = stated.find((r) => r.state === 'due');
  const classification = isClass(row.classification) ? row.classification : 'normal';

  return {
    id: row.id,
    asOf,
    enterprise: {
      id: row.enterprise_id,
      name: row.enterprise_name,
      uscc: row.uscc,
      legalRepName: maskName(row.legal_rep_name),
      legalRepId: maskResidentId(row.legal_rep_id),
    },
    branchId: row.branch_id,
    productCode: row.product_code,
    principal: money(BigInt(row.principal_fen)),
    balance: money(balance),
    annualRate: row.annual_rate,
    lprPercent: row.lpr_percent,
    spreadBp: row.spread_bp,
    termMonths: row.term_months,
    repaymentMethod: row.repayment_method,
    disbursedOn: row.disbursed_on,
    maturityDate: row.maturity_date,
    status: balance <= 0n ? 'settled' : dpd > 0 ? 'overdue' : 'active',
    daysPastDue: dpd,
    maxDaysPastDue: Number(row.max_dpd),
    overdueSince,
    classification,
    schedule: {
      source: stored ? 'stored' : rows.length ? 'derived' : 'none',
      instalments: stated.map(toInstalment),
      paidCount: stated.filter((r) => r.state === 'paid').length,
      overdueCount: overdue.length,
      overdueAmount: money(overdue.reduce((s, r) => s + r.principal + r.interest, 0n)),
      next: next ? toInstalment(next) : null,
    },
    classificationHistory: await classificationHistory(q, row, asOf),
    signals: await signalsOf(q, row),
    application: await applicationOf(q, row),
    contractId: row.contract_id,
    serviceOfficer: row.service_officer_id ? { id: row.service_officer_id, name: row.officer_name ?? '' } : null,
  };
}

/**
 * Find loans in scope by id (exact, any case), by part of the borrower's name, or by service officer (the
 * loans of the clients they serve). A name is looked up among the enterprises first (at most 200), then
 * their loans — so a large book is never scanned for a name. Largest balance first.
 */
export async function searchLoans(
  q: Queryable,
  user: User,
  by: { q?: string | undefined; officer?: string | undefined },
  limit: number,
): Promise<LoanSearchResult> {
  const branches = await branchScope(q, user);
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  let exact = '';
  if (by.q !== undefined) {
    const id = p(by.q.toUpperCase());
    const like = p(`%${by.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(l.id = ${id} OR l.enterprise_id IN (SELECT id FROM enterprises WHERE name LIKE ${like} LIMIT 200))`);
    exact = `(l.id = ${id}) DESC, `;
  }
  if (by.officer !== undefined) where.push(`e.service_officer_id = ${p(by.officer)}`);
  const served = user.roles.includes('relationship_manager') ? ` OR e.service_officer_id = ${p(user.id)}` : '';
  where.push(`(l.branch_id = ANY(${p(branches)})${served})`);
  const r = await q.query<{
    id: string;
    enterprise_name: string;
    product_code: string;
    balance_fen: string;
    days_past_due: number;
    classification: string;
    disbursed_on: string;
  }>(
    `SELECT l.id, e.name AS enterprise_name, l.product_code, l.balance_fen::text AS balance_fen, l.days_past_due,
            l.classification, to_char(l.disbursed_on, 'YYYY-MM-DD') AS disbursed_on
     FROM loans l JOIN enterprises e ON e.id = l.enterprise_id
     WHERE ${where.join(' AND ')}
     ORDER BY ${exact}l.balance_fen DESC, l.id
     LIMIT ${p(limit)}`,
    params,
  );
  return {
    items: r.rows.map((x) => ({
      id: x.id,
      enterpriseName: x.enterprise_name,
      productCode: x.product_code,
      balance: money(BigInt(x.balance_fen)),
      daysPastDue: Number(x.days_past_due),
      classification: isClass(x.classification) ? x.classification : 'normal',
      disbursedOn: x.disbursed_on,
    })),
  };
}
