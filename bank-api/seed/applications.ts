/**
 * Sandbox applications, as a working day at the bank leaves them. Each request is screened and routed by
 * the real workflow (adapters → engine → routing → instant decision); then the demo staff work the case
 * through the real decision rules (authority, separation of duties, the status machine, committee
 * tallies — workflow/plan.ts planChange, advance.ts) on the bank calendar: a fast case is decided
 * within its four working hours, most cases well inside their SLA, some near the deadline and a few past it; the
 * approved ones go on to contract, signature and disbursement days later. Whatever would happen after
 * `now` has not happened yet, so the cases that arrived in the last working hours and days are still
 * open — on track, due soon or (a few) overdue by the same SLA rules the queue uses.
 *
 * The writes are batched: a batch of cases is planned in memory by those same functions, then written
 * in one transaction through the applications repository (workflow/applications-repo.ts) — its
 * application rows, its decision history — and its audit events (one append for the batch, in time
 * order, on the one hash chain). Seeded decisions carry no idempotency key (no client
 * sent one) and publish no queue event (nobody is listening while the bank seeds).
 */
import type { CreateApplicationRequest } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import {
  addWorkingMillis,
  beijingDate,
  slaDeadline,
  WORKING_MS_PER_DAY,
  workingMillisBetween,
} from '../../shared/calendar';
import { flagsOf, questionnaireFor } from '../../shared/credit/investigation';
import type { LoanCondition } from '../../shared/credit/loan-conditions';
import { type ConditionEvidence, withCheckDigit } from '../../shared/credit/loan-conditions';
import { getProduct } from '../../shared/credit/products';
import { guarantorMissing, prefilledConditions } from '../../shared/credit/required-conditions';
import { DomainError } from '../../shared/errors';
import { formatMoney, parseMoney } from '../../shared/money/money';
import { SLA_BY_TIER } from '../../shared/workflow/sla';
import { assertTransition, type Status, type Tier } from '../../shared/workflow/status';
import { type AuditInput, appendAuditEvents } from '../audit/chain';
import { userById } from '../auth/sessions';
import { sandboxContractParties } from '../contracts/parties';
import type { Database, Queryable } from '../db/database';
import { ApiProblem, conflict, notFound } from '../http/problems';
import { type Rng, rng } from '../sources/random';
import { advanceAudit, advanceSettles } from '../workflow/advance';
import {
  type ApplicationRecord,
  enterpriseSnapshotDays,
  insertApplications,
  insertDecisions,
  nextApplicationNumbers,
  upsertEnterprises,
} from '../workflow/applications-repo';
import {
  applicationId,
  applicationRecord,
  enterpriseRecord,
  type HistoryRow,
  type ProfileProvider,
  type Screened,
  screenApplication,
  submissionRecords,
} from '../workflow/create';
import { CLAIMABLE, changeAudit, changeSets, claimAudit } from '../workflow/decide';
import {
  approvedTermsOf,
  type PlannedDisbursement,
  planDisbursement,
  requiredConditions,
  storeDisbursements,
} from '../workflow/disbursement';
import { approvalGates, type Decision, type DecisionHistory, planChange } from '../workflow/plan';
import { relatedPartyLookup } from '../workflow/related-parties';
import { guarantorsOf } from '../workflow/rows';
import { branchScope } from '../workflow/scope';
import { noProgress, type OnSeedProgress } from './progress';

export interface SeedRequest extends CreateApplicationRequest {
  submittedAt: string;
}

export interface SeedApplicationsOptions {
  /** The instant the bank is seeded to (default: now): nothing is dated after it. */
  now?: number;
}

/** Cases per transaction: one write of each table per batch. */
const SEED_BATCH = 250;
const STAFF = [
  'u-approver1',
  'u-approver2',
  'u-approver3',
  'u-senior1',
  'u-senior2',
  'u-committee1',
  'u-committee2',
  'u-committee3',
  'u-rm1',
  'u-contract1',
  'u-ops1',
  'u-ops2',
  'u-ops3',
  'u-ops4',
] as const;
const DAY = WORKING_MS_PER_DAY;

export async function seedApplications(
  db: Database,
  provider: ProfileProvider,
  requests: Iterable<SeedRequest>,
  onProgress: OnSeedProgress = noProgress,
  opts: SeedApplicationsOptions = {},
): Promise<{ created: number; failed: number }> {
  const now = opts.now ?? Date.now();
  const staff = new Map<string, User>();
  for (const id of STAFF) {
    const u = await userById(db, id);
    if (u) staff.set(id, u);
  }
  // Each decider's branch scope, checked as decide() checks it when it loads the case.
  const scopes = new Map<string, string[]>();
  for (const u of staff.values()) scopes.set(u.id, await branchScope(db, u));
  const related = relatedPartyLookup(db);
  const all = [...requests];
  let created = 0;
  let failed = 0;
  for (let i = 0; i < all.length; i += SEED_BATCH) {
    const screened: { s: Screened; key: string }[] = [];
    for (const req of all.slice(i, i + SEED_BATCH)) {
      const { submittedAt, ...body } = req;
      try {
        screened.push({
          // The same screening as a submission through the API, related-party list included.
          s: await screenApplication(provider, body, staff.get('u-rm1') ?? null, new Date(submittedAt), related),
          key: `${submittedAt}|${req.uscc}|${req.productCode}|${req.amount}`,
        });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        failed++;
      }
    }
    await db.tx((q) => writeBatch(q, provider, screened, { staff, scopes }, now));
    created += screened.length;
    onProgress({ stage: 'applications', done: Math.min(i + SEED_BATCH, all.length), total: all.length });
  }
  return { created, failed };
}

/** The demo staff who work the seeded cases, and the branches each may act in. */
interface Desk {
  staff: Map<string, User>;
  scopes: Map<string, string[]>;
}

/** A case as the seed works it: its row as it stands, and what it has written so far. */
interface SeedCase {
  row: ApplicationRecord;
  history: (HistoryRow & { at: number })[];
  audit: AuditInput[];
  /** 放款审核 done in memory (maker ops1, checker ops2): its rows and loan, written with the batch. */
  disbursement?: PlannedDisbursement;
}

async function writeBatch(
  q: Queryable,
  provider: ProfileProvider,
  screened: { s: Screened; key: string }[],
  desk: Desk,
  now: number,
) {
  if (screened.length === 0) return;
  const seqs = await nextApplicationNumbers(q, screened.length);
  await storeEnterprises(
    q,
    provider,
    screened.map((x) => x.s),
  );
  const cases: SeedCase[] = [];
  for (const [k, { s, key }] of screened.entries()) {
    const c = newCase(s, applicationId(s.at, seqs[k]!));
    await work(c, rng('seed-course', key), desk, now);
    cases.push(c);
  }
  await insertRows(q, cases);
  await storeDisbursements(
    q,
    cases.flatMap((c) => (c.disbursement ? [c.disbursement] : [])),
  );
  await seedNotes(q, cases, desk, now);
  // One append for the batch, in time order (a stable sort keeps each case's own order).
  const audit = cases.flatMap((c) => c.audit).sort((a, b) => a.at!.getTime() - b.at!.getTime());
  await appendAuditEvents(q, audit);
}

/** Enterprises whose stored snapshot is older than the one a submission pulled get it (as createApplication does). */
async function storeEnterprises(q: Queryable, provider: ProfileProvider, screened: Screened[]) {
  const latest = new Map<string, Screened>();
  for (const s of screened) {
    const prev = latest.get(s.uscc);
    if (!prev || prev.at < s.at) latest.set(s.uscc, s);
  }
  const stored = await enterpriseSnapshotDays(q, [...latest.keys()]);
  const stale = [...latest.values()].filter((s) => {
    const asOf = stored.get(s.uscc);
    return asOf === undefined || asOf < beijingDate(s.at);
  });
  await upsertEnterprises(
    q,
    stale.map((s) => enterpriseRecord(s, provider.name)),
  );
}

function newCase(s: Screened, id: string): SeedCase {
  const { history, audit } = submissionRecords(s, id);
  return { row: applicationRecord(s, id), history: history.map((h) => ({ ...h, at: s.at.getTime() })), audit };
}

/** Earlier signatures and votes from the case's own history, read as decide.ts reads them from the table. */
const memoryHistory = (c: SeedCase): DecisionHistory => ({
  signatures: async () =>
    c.history
      .filter((h) => h.action === 'sign')
      .map((h) => ({ userId: h.actorId!, role: (h.payload as { role?: 'approver' }).role ?? 'approver' })),
  votes: async () =>
    c.history
      .filter((h) => h.action === 'vote')
      .map((h) => ({ userId: h.actorId!, vote: (h.payload as { vote: 'approve' | 'decline' }).vote })),
  escalatedBy: async () =>
    c.history.findLast((h) => h.action === 'escalate' || h.action === 'pricing_exception')?.actorId ?? null,
});

/** decide() on the in-memory case: the same checks and the same change, or the same refusal. */
async function decideInMemory(c: SeedCase, desk: Desk, user: User, body: Decision, at: number) {
  const { row } = c;
  if (!desk.scopes.get(user.id)?.includes(row.branch_id)) throw notFound(`No application ${row.id}.`);
  if (row.assignee_id && row.assignee_id !== user.id)
    throw conflict('claimed_by_other', `${row.id} is claimed by ${row.assignee_id}`, { assigneeId: row.assignee_id });
  const change = await planChange(memoryHistory(c), user, row, body);
  assertTransition(row.status, change.to);
  const from = row.status;
  const when = new Date(at);
  Object.assign(row, changeSets(change, when));
  row.version++;
  c.history.push({ actorId: user.id, action: change.action, from, to: change.to, payload: change.payload, at });
  c.audit.push(changeAudit(user, row.id, from, change, when));
}

/** advance() on the in-memory case. */
function advanceInMemory(
  c: SeedCase,
  to: Status,
  actorId: string | null,
  action: string,
  payload: Record<string, unknown>,
  at: number,
) {
  const { row } = c;
  assertTransition(row.status, to);
  const from = row.status;
  const when = new Date(at);
  row.status = to;
  row.version++;
  row.updated_at = when.toISOString();
  row.assignee_id = null;
  if (advanceSettles(to)) row.decided_at = when.toISOString();
  c.history.push({ actorId, action, from, to, payload, at });
  c.audit.push(advanceAudit(row.id, from, to, actorId, action, payload, when));
}

/** setClaim(claim) on the in-memory case. */
function claimInMemory(c: SeedCase, user: User, at: number) {
  const { row } = c;
  if (!CLAIMABLE.includes(row.status) || row.assignee_id) return;
  row.assignee_id = user.id;
  row.version++;
  row.updated_at = new Date(at).toISOString();
  c.audit.push(claimAudit(user, row.id, row.version, true, new Date(at)));
}

/**
 * Fraction (‰) of its SLA's working time a case takes to be decided: most inside it, many close to the
 * deadline, a few past it (by less on the longer SLAs). The fast lane runs full — its four hours are half
 * a working day and approvers take cases in deadline order — so most of its cases are decided in the last
 * part of their window.
 */
const WORK_SHARE: Readonly<Record<string, readonly (readonly [permille: number, from: number, to: number])[]>> = {
  fast: [
    [150, 300, 850],
    [800, 850, 1000],
    [50, 1001, 1400],
  ],
  standard: [
    [600, 100, 750],
    [360, 750, 1000],
    [40, 1001, 1250],
  ],
  committee: [
    [600, 100, 750],
    [360, 750, 1000],
    [40, 1001, 1150],
  ],
};

function workShare(r: Rng, tier: string): number {
  const [, from, to] = r.weighted((WORK_SHARE[tier] ?? WORK_SHARE.standard!).map((x) => [x, x[0]] as const));
  return r.int(from, to);
}

/** Payees the sandbox's entrusted payments name (受托支付: the supplier the loan pays). */
const SANDBOX_PAYEES = ['上海申联物资贸易有限公司', '浙江恒通供应链管理有限公司', '江苏华益机电设备有限公司'];

/**
 * The conditions a seeded approval carries: the required ones (a guarantee per guarantor, the mortgage
 * of the collateral on file, 受托支付 above the threshold — shared/credit/required-conditions.ts), monthly
 * statements as before, and sometimes a settlement account or a named payee. Its own random stream
 * (by case id), so the rest of the seed draws as before.
 */
function seedConditions(row: ApplicationRecord): { conditions: LoanCondition[]; noGuarantor: boolean } {
  const product = getProduct(row.product_code);
  const amount = BigInt(row.amount_fen);
  const input = {
    productCode: product.code,
    guaranteeType: product.guaranteeType,
    amount,
    guarantors: guarantorsOf(row),
  };
  const profile = row.profile_snapshot as { region?: string; legalRepName?: string; legalRepId?: string };
  const collateral =
    product.guaranteeType === 'mortgage'
      ? (sandboxContractParties().collateral({
          applicationId: row.id,
          uscc: row.uscc,
          region: profile.region ?? row.uscc.slice(2, 8),
          legalRepName: profile.legalRepName ?? '',
          legalRepId: profile.legalRepId ?? '',
          amountFen: amount,
        })?.description ?? '不动产权证书所载抵押物')
      : '';
  const cr = rng('seed-conditions', row.id);
  const conditions: LoanCondition[] = prefilledConditions(input, collateral).map((c) =>
    c.type === 'entrusted_payment' && cr.chance(600) ? { ...c, params: { payeeName: cr.pick(SANDBOX_PAYEES) } } : c,
  );
  if (cr.chance(300))
    conditions.push({ type: 'settlement_account', params: {}, text: '贷款存续期间在本行开立并保留基本结算账户' });
  conditions.push({ type: 'other', params: {}, text: '按月报送财务报表' });
  return { conditions, noGuarantor: guarantorMissing(input) };
}

/** The staff work a case on from its submission, taking only the steps dated at or before `now`. */
async function work(c: SeedCase, r: Rng, desk: Desk, now: number) {
  const { row } = c;
  const start = new Date(row.submitted_at).getTime();
  const user = (id: string) => desk.staff.get(id)!;
  const hz = row.branch_id.startsWith('HZ');
  const approver = user(hz ? 'u-approver3' : 'u-approver1');
  const senior = user(hz ? 'u-senior2' : 'u-senior1');
  const later = (from: number, minDays: number, maxDays: number) =>
    addWorkingMillis(from, r.int(Math.round(minDays * 1000), Math.round(maxDays * 1000)) * (DAY / 1000));
  /** Runs a step dated `at` unless it lies after now; a refusal by the rules leaves the case where it is. */
  const step = async (at: number, fn: () => unknown): Promise<boolean> => {
    if (at > now) return false;
    try {
      await fn();
      return true;
    } catch (e) {
      if (e instanceof ApiProblem || e instanceof DomainError) return false;
      throw e;
    }
  };
  const decideAt = (u: User, body: Decision, at: number) => step(at, () => decideInMemory(c, desk, u, body, at));
  const assessment = row.assessment as {
    price?: { annualRate?: string } | null;
    score?: { reasonCodes?: { code: string }[] };
  };
  const { conditions, noGuarantor } = seedConditions(row);
  const terms: Decision = {
    action: 'approve',
    amount: formatMoney(BigInt(row.amount_fen)),
    annualRate: assessment.price?.annualRate ?? '4.20',
    termMonths: row.term_months,
    repaymentMethod: row.repayment_method,
    conditions,
  };
  const reasons = (assessment.score?.reasonCodes ?? []).slice(0, r.int(1, 2)).map((x) => x.code);
  const decline: Decision = {
    action: 'decline',
    reasonCodes: reasons.length ? reasons : ['SC_SALES_DECLINING'],
    comment: '综合评估风险偏高',
  };
  const paper = row.checklist.filter((x) => !x.electronic).map((x) => String(x.code));
  const ret: Decision = {
    action: 'return',
    items: paper.length ? paper.slice(0, r.int(1, Math.min(2, paper.length))) : [String(row.checklist[0]!.code)],
    comment: '请补充材料后重新提交',
  };
  const escalate = (u: User, at: number) =>
    decideAt(u, { action: 'escalate', reason: '超出本人审批权限，提交贷审会审议', to: 'committee' }, at);
  const escalateToSenior = (u: User, at: number) =>
    decideAt(u, { action: 'escalate', reason: '超出本人审批权限，上报高级审批人', to: 'senior_approver' }, at);

  /** Committee members vote in turn at the given times; the third vote settles the case. */
  const committee = async (times: readonly number[]) => {
    for (const [v, at] of times.entries()) {
      // A guaranteed product without a guarantor cannot be approved: the members vote it down.
      const vote = r.chance(820) && !noGuarantor ? 'approve' : 'decline';
      if (!(await decideAt(user(`u-committee${v + 1}`), { action: 'vote', vote, comment: '同意上会意见' }, at))) return;
    }
  };
  /** An escalated case goes before the committee in the working days after. */
  const escalated = async (u: User, at: number) => {
    if (!(await escalate(u, at))) return;
    const v1 = later(at, 0.2, 1);
    const v2 = later(v1, 0.1, 0.5);
    await committee([v1, v2, later(v2, 0.1, 0.5)]);
  };
  /** Escalated to a senior approver, who decides it alone in the days after — or takes it on to the committee. */
  const seniorLane = async (u: User, at: number) => {
    if (!(await escalateToSenior(u, at))) return;
    const decidedAt = later(at, 0.3, 1.5);
    if (!(await decideAt(senior, terms, decidedAt))) await escalated(senior, decidedAt);
  };
  /** Whether the rules would refuse this decision by this user now (nothing is written). */
  const refused = async (u: User, body: Decision) => {
    try {
      await planChange(memoryHistory(c), u, row, body);
      return false;
    } catch (e) {
      if (e instanceof ApiProblem || e instanceof DomainError) return true;
      throw e;
    }
  };

  if (row.status === 'in_review') {
    frontOffice(c, r, start);
    const due = new Date(row.sla_due_at!).getTime();
    const span = workingMillisBetween(start, due);
    const share = workShare(r, row.tier);
    const part = (p: number) => addWorkingMillis(start, Math.round((span * share * p) / 1000));
    const done = part(1);
    if (row.tier === 'committee') {
      if (r.chance(40)) await step(done, () => advanceInMemory(c, 'withdrawn', 'u-rm1', 'withdrawn', WITHDRAWN, done));
      // Votes at about 40% and 70% of the way, the deciding one at the end.
      else await committee([part(0.4), part(0.7), done]);
    } else {
      const drawn = r.weighted<'approve' | 'decline' | 'return' | 'escalate' | 'withdraw'>(
        row.tier === 'fast'
          ? [
              ['approve', 690],
              ['decline', 190],
              ['return', 50],
              ['escalate', 25],
              ['withdraw', 45],
            ]
          : [
              ['approve', 650],
              ['decline', 215],
              ['return', 50],
              ['escalate', 35],
              ['withdraw', 50],
            ],
      );
      // A guaranteed product that names no guarantor cannot be approved (422 conditions.guarantor_missing):
      // the approver declines it instead.
      const outcome = drawn === 'approve' && noGuarantor ? 'decline' : drawn;
      // Picked up partway; still in the approver's hands if the decision is yet to come.
      const pickedUp = part(row.tier === 'fast' ? 0.4 : 0.3);
      if (done > now && pickedUp <= now && r.chance(500)) claimInMemory(c, approver, pickedUp);
      const missing = approvalGates(row);
      if ((outcome === 'approve' || outcome === 'escalate') && missing.length > 0) {
        // The material is not all in hand (the approval gates): the approver returns the case for it.
        const back: Decision = {
          ...ret,
          items: missing.map((m) => m.code),
          comment: '审批前置材料不全，请补充后重新提交',
        };
        if (await decideAt(approver, back, done)) {
          const lapse = addWorkingMillis(done, 5 * DAY);
          await step(lapse, () =>
            advanceInMemory(c, 'expired', null, 'expired', { reason: '补件期限内未提交材料' }, lapse),
          );
        }
      } else if (outcome === 'approve') {
        // Above the approver's authority: the rules say so when the case is opened, and it goes up early —
        // to a senior approver, or to the committee when it is beyond a senior's authority too.
        if (await refused(approver, terms)) {
          const early = part(0.25);
          if (early <= now) {
            if (await refused(senior, terms)) await escalated(approver, early);
            else await seniorLane(approver, early);
          }
        } else if (row.tier === 'standard') {
          if ((await decideAt(approver, terms, part(0.5))) && done <= now && !(await decideAt(senior, terms, done)))
            await escalated(senior, done);
        } else await decideAt(approver, terms, done);
      } else if (outcome === 'decline') await decideAt(approver, decline, done);
      else if (outcome === 'return') {
        if (await decideAt(approver, ret, done)) {
          // 补件: for some the material comes within days and the RM resubmits (its own draw, so the rest
          // of the bank's day is seeded as before); the case is back in review on a new SLA clock.
          const back = rng(row.id, 'resubmit');
          const backAt = addWorkingMillis(done, back.int(300, 2500) * (DAY / 1000));
          if (back.chance(400) && backAt <= now && now - start < 10 * 86_400_000) {
            const asked = ret.action === 'return' ? ret.items : [];
            row.checklist = row.checklist.map((x) =>
              asked.includes(String(x.code)) ? { ...x, state: 'received' } : x,
            );
            const sla = SLA_BY_TIER[row.tier as Tier];
            const due = sla ? new Date(slaDeadline(backAt, sla)).toISOString() : null;
            advanceInMemory(
              c,
              'in_review',
              'u-rm1',
              'resubmit',
              { returnedBy: approver.id, items: asked, slaDueAt: due },
              backAt,
            );
            row.sla_due_at = due;
            // Back long enough ago: the approver who returned it has since decided it, inside the new clock.
            const dueAt = due ? new Date(due).getTime() : backAt;
            if (dueAt <= now)
              await decideAt(approver, terms, addWorkingMillis(backAt, workingMillisBetween(backAt, dueAt) / 2));
            return;
          }
          // Material never came: the case expires after five working days.
          const lapse = addWorkingMillis(done, 5 * DAY);
          await step(lapse, () =>
            advanceInMemory(c, 'expired', null, 'expired', { reason: '补件期限内未提交材料' }, lapse),
          );
        }
      } else if (outcome === 'escalate') {
        // Escalated on judgement: to a senior approver or straight to the committee.
        if (r.chance(500)) await seniorLane(approver, done);
        else await escalated(approver, done);
      } else await step(done, () => advanceInMemory(c, 'withdrawn', 'u-rm1', 'withdrawn', WITHDRAWN, done));
    }
  }

  // Approved cases go on to a contract, the customer's signature and disbursement — not all of them, not at once.
  if (row.status === 'approved' || row.status === 'auto_approved') {
    const approvedAt = new Date(row.decided_at ?? row.submitted_at).getTime();
    const steps: [Status, string, number, [number, number]][] = [
      ['contracting', 'contract', 880, [0.2, 3]],
      ['signed', 'contracts_signed', 850, [0.5, 5]],
      ['disbursed', 'disbursed', 920, [0.3, 2]],
    ];
    let at = approvedAt;
    for (const [to, action, chance, [lo, hi]] of steps) {
      const from = at;
      at = later(at, lo, hi);
      if (!r.chance(chance)) break;
      const when = at;
      // Disbursement goes through 放款审核's rules: ops1 records the evidence and prepares, ops2 confirms.
      const move =
        to === 'disbursed'
          ? () => disburseInMemory(c, from, when, now)
          : () => advanceInMemory(c, to, 'u-contract1', action, {}, when);
      if (!(await step(when, move))) break;
    }
  }
}

const WITHDRAWN = { reason: '客户撤回申请' };

/** The payees' banks the sandbox's entrusted payments go to. */
const PAYEE_BANKS = ['中国工商银行上海分行', '中国建设银行杭州分行', '招商银行上海分行', '交通银行上海分行'];
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => r.int(0, 9)).join('');

/** What the sandbox's maker records for a condition: evidence that satisfies it. */
function seedEvidence(c: LoanCondition, row: ApplicationRecord, amountFen: bigint, r: Rng): ConditionEvidence {
  switch (c.type) {
    case 'entrusted_payment':
      return {
        kind: 'payees',
        payees: [
          {
            name: c.params.payeeName ?? `${row.enterprise_name.slice(0, 2)}供应商有限公司`,
            account: withCheckDigit(`6222${digits(r, 14)}`),
            bank: r.pick(PAYEE_BANKS),
            amount: formatMoney(amountFen),
          },
        ],
      };
    case 'mortgage_registration':
      return {
        kind: 'registration',
        certificateNo: `${row.branch_id.startsWith('HZ') ? '浙' : '沪'}(${beijingDate(new Date(row.submitted_at)).slice(0, 4)})不动产证明第${digits(r, 7)}号`,
      };
    case 'guarantee_signed':
      return { kind: 'document', reference: `保证合同（保证人：${c.params.guarantor}）`.slice(0, 100) };
    case 'settlement_account':
      return { kind: 'account', account: withCheckDigit(`3100${digits(r, 13)}`) };
    case 'other':
      return { kind: 'document', reference: '经办核实', note: c.text.slice(0, 500) };
  }
}

/**
 * 放款审核 on the in-memory case (workflow/disbursement.ts planDisbursement: every condition satisfied
 * by its evidence, checker ≠ maker, the loan as confirm plans it): the branch's first disbursement
 * officer (ops1 in Shanghai, ops3 in Hangzhou) records the evidence and prepares between the signature
 * and `at`, the second (ops2, ops4) confirms at `at`. Repaid on schedule up to now.
 */
function disburseInMemory(c: SeedCase, signedAt: number, at: number, now: number) {
  const { row } = c;
  const hz = row.branch_id.startsWith('HZ');
  const maker = hz ? 'u-ops3' : 'u-ops1';
  const checker = hz ? 'u-ops4' : 'u-ops2';
  const r = rng('seed-disbursement', row.id);
  const terms = approvedTermsOf(row);
  const required = requiredConditions(row.product_code, row.conditions);
  const recordedAt = new Date(signedAt + (at - signedAt) * 0.4);
  const preparedAt = new Date(signedAt + (at - signedAt) * 0.7);
  const p = planDisbursement(
    {
      id: row.id,
      enterpriseId: row.enterprise_id,
      branchId: row.branch_id,
      productCode: row.product_code,
      grade: row.grade,
      tier: row.tier,
      channel: row.channel,
      score: row.score,
      conditions: row.conditions,
      approved_terms: row.approved_terms,
      amount_fen: row.amount_fen,
      term_months: row.term_months,
      repayment_method: row.repayment_method,
    },
    maker,
    checker,
    required.map((x) => seedEvidence(x.condition, row, terms.amountFen, r)),
    { recordedAt, preparedAt, disbursedAt: new Date(at) },
  );
  const today = beijingDate(new Date(now));
  for (const s of p.loan.schedule) if (s.dueDate <= today) p.loan.balanceFen -= parseMoney(s.principal);
  for (const e of p.evidence) {
    c.audit.push({
      actorId: maker,
      action: 'disbursement.evidence_recorded',
      entityType: 'application',
      entityId: row.id,
      payload: { index: e.index, type: e.type, evidence: e.evidence },
      at: recordedAt,
    });
  }
  c.audit.push({
    actorId: maker,
    action: 'disbursement.prepared',
    entityType: 'application',
    entityId: row.id,
    payload: { conditions: p.evidence.length, comment: null },
    at: preparedAt,
  });
  advanceInMemory(
    c,
    'disbursed',
    checker,
    'disbursed',
    {
      disbursementId: p.loan.disbursementId,
      loanId: p.loan.id,
      makerId: maker,
      amount: p.loan.principal,
      disbursedOn: p.loan.disbursedOn,
      comment: null,
    },
    at,
  );
  c.disbursement = p;
}

const INVESTIGATION_SUMMARIES = [
  '实地走访经营场所，生产经营正常，库存与账面基本一致，纳税及用电数据与申报相符。',
  '视频尽调核实经营场所与法定代表人身份，主要上下游合同抽查无异常。',
  '走访厂区及仓库，订单饱满，应收账款集中度适中，担保人经营稳定。',
  '实地核查抵押物现状及权属，经营流水与纳税申报匹配，未见重大不利事项。',
];

/**
 * What the front office has in hand when the case reaches an approver (the approval gates,
 * workflow/plan.ts approvalGates): for most cases every item received and, on standard and committee
 * cases, the investigation recorded by the relationship manager (never an approver, who then decides);
 * for a few fast and standard cases one or two paper items are still outstanding, so an approver must
 * return them. Committee cases always come complete.
 */
function frontOffice(c: SeedCase, r: Rng, start: number) {
  const { row } = c;
  const routed = String((row.routing as { tier?: string }).tier ?? row.tier);
  const paper = row.checklist.filter((x) => !x.electronic).map((x) => String(x.code));
  const complete = routed === 'committee' || paper.length === 0 || r.chance(850);
  const pending = complete ? [] : paper.slice(0, r.int(1, Math.min(2, paper.length)));
  row.checklist = row.checklist.map((x) => ({
    ...x,
    state: pending.includes(String(x.code)) ? 'pending' : 'received',
  }));
  if (routed === 'standard' || routed === 'committee' || row.tier === 'standard') {
    const video = r.chance(300);
    row.investigated_by = 'u-rm1';
    row.investigation = {
      kind: video ? 'video' : 'field_visit',
      investigators: ['u-rm1'],
      date: beijingDate(new Date(start)),
      summary: INVESTIGATION_SUMMARIES[r.int(0, INVESTIGATION_SUMMARIES.length - 1)]!,
      ...seedAnswers(row.product_code),
    };
  }
}
/** The questionnaire's answers as the front office recorded them (shared/credit/investigation.ts): nothing flagged. */
function seedAnswers(productCode: string) {
  const qn = questionnaireFor(productCode);
  const answers: Record<string, boolean | number | string> = {};
  for (const x of qn.sections.flatMap((s) => s.questions)) {
    if (!x.required) continue;
    answers[x.id] =
      x.type === 'yes_no'
        ? x.flagWhen?.equals !== true
        : x.type === 'number'
          ? 8
          : x.type === 'choice'
            ? (x.options?.[0]?.value ?? '')
            : '—';
  }
  return {
    questionnaire: { id: qn.id, version: qn.version },
    answers,
    flags: flagsOf(qn, answers),
    recordedBy: 'u-rm1',
  };
}
/** The batch's application rows (as the cases stand now) and their history, each in one statement. */
async function insertRows(q: Queryable, cases: SeedCase[]) {
  await insertApplications(
    q,
    cases.map((c) => c.row),
  );
  const history = cases.flatMap((c) => c.history.map((h) => ({ ...h, id: c.row.id }))).sort((a, b) => a.at - b.at);
  await insertDecisions(
    q,
    history.map((h) => ({
      applicationId: h.id,
      actorId: h.actorId,
      action: h.action,
      from: h.from,
      to: h.to,
      payload: h.payload,
      at: new Date(h.at),
    })),
  );
}

/** Open statuses on which the seed leaves notes between roles. */
const NOTE_STATUSES = new Set(['screened', 'in_review', 'returned', 'escalated', 'committee']);
/** Notes the seed leaves: author, addressee role, text. */
const SEED_NOTES = [
  { author: 'u-approver1', to: 'relationship_manager', body: '请补充近三个月银行流水，并说明大额转出的用途。' },
  { author: 'u-rm1', to: 'approver', body: '客户已同意补充担保人，材料预计本周内上传。' },
  { author: 'u-senior1', to: 'approver', body: '本案客户为重点客户，请在时限内处理。' },
  { author: 'u-rm1', to: null, body: '已与法定代表人电话核实经营情况，与报表一致。' },
] as const;

/**
 * 案件留言 (issue 15 item 6): some open cases carry notes between roles, each case on its own draw
 * (`rng(id, 'notes')`), so the rest of the seed is unchanged. Written after the cases, before now.
 */
async function seedNotes(q: Queryable, cases: SeedCase[], desk: Desk, now: number) {
  const rows: unknown[] = [];
  const tuples: string[] = [];
  for (const c of cases) {
    if (!NOTE_STATUSES.has(c.row.status)) continue;
    const r = rng(c.row.id, 'notes');
    if (!r.chance(250)) continue;
    const start = new Date(c.row.submitted_at).getTime();
    const n = r.int(1, 2);
    for (let i = 0; i < n; i++) {
      const note = SEED_NOTES[r.int(0, SEED_NOTES.length - 1)]!;
      if (!desk.staff.has(note.author)) continue;
      const at = new Date(Math.min(now - 60_000, start + r.int(1, 48) * 3_600_000 + i * 60_000));
      const k = rows.length;
      tuples.push(`($${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, $${k + 5})`);
      rows.push(c.row.id, note.author, note.to, note.body, at.toISOString());
    }
  }
  if (tuples.length === 0) return;
  await q.query(
    `INSERT INTO case_notes (application_id, author_id, addressee_role, body, created_at) VALUES ${tuples.join(', ')}`,
    rows,
  );
}
