/**
 * Renewal (续贷) and top-up (增额) from a loan (issue 17 item 5). The answer to "may this loan be renewed
 * without repaying the principal (无还本续贷), and why" comes from the versioned rules of
 * shared/credit/renewal.ts on the loan row, the borrower's latest data from the sources, the engine's
 * admission and negative list (a renewal must meet the standard of a new loan) and the loan's open
 * warning signals. Starting one submits an application pre-filled from the loan through the same path as
 * any new application (workflow/create.ts createApplication: screened, routed, into the approvers' queue),
 * then marks it as a renewal or top-up of the loan with the answer it was started with — all in one
 * transaction with its audit event, under the caller's Idempotency-Key.
 */
import type { CreateApplicationRequest } from '../../shared/api/applications';
import type { User } from '../../shared/api/auth';
import type {
  RenewalApplication,
  RenewalEligibilityResponse,
  StartRenewalRequest,
  StartRenewalResponse,
} from '../../shared/api/renewal';
import { beijingDate } from '../../shared/calendar';
import { assess } from '../../shared/credit/assess';
import type { Bilingual } from '../../shared/credit/grades';
import { WORKING_CAPITAL_PURPOSE } from '../../shared/credit/loan-types';
import { getProduct, type Product } from '../../shared/credit/products';
import {
  type LoanClassification,
  RENEWAL_RULES_2024,
  type RenewalEligibility,
  type RenewalLoan,
  renewalEligibility,
} from '../../shared/credit/renewal';
import { DomainError } from '../../shared/errors';
import { formatMoney, parsePositiveMoney } from '../../shared/money/money';
import { appendAudit } from '../audit/chain';
import type { Database, Queryable } from '../db/database';
import { idempotent } from '../http/idempotency';
import { conflict, notFound, unprocessable } from '../http/problems';
import { markRenewal } from '../workflow/applications-repo';
import { createApplication, type ProfileProvider } from '../workflow/create';
import { ruleSetInForce } from '../workflow/rule-sets';
import { readScope } from '../workflow/scope';

/** The loan as renewal reads it, with its borrower and the application it came from. */
interface LoanRow {
  id: string;
  enterprise_id: string;
  branch_id: string;
  product_code: string;
  balance_fen: string;
  maturity_date: string;
  disbursed_on: string;
  days_past_due: number;
  max_dpd: number;
  classification: LoanClassification;
  term_months: number | null;
  repayment_method: string | null;
  written_off_on: string | null;
  uscc: string;
  enterprise_name: string;
  app_purpose: string | null;
  app_guarantors: { name: string; uscc?: string }[] | null;
}

const LOAN_SQL = `SELECT l.id, l.enterprise_id, l.branch_id, l.product_code, l.balance_fen::text AS balance_fen,
    to_char(l.maturity_date, 'YYYY-MM-DD') AS maturity_date, to_char(l.disbursed_on, 'YYYY-MM-DD') AS disbursed_on,
    l.days_past_due, l.max_dpd, l.classification, l.term_months, l.repayment_method,
    to_char(l.written_off_on, 'YYYY-MM-DD') AS written_off_on,
    e.uscc, e.name AS enterprise_name, a.purpose AS app_purpose, a.guarantors AS app_guarantors
  FROM loans l JOIN enterprises e ON e.id = l.enterprise_id LEFT JOIN applications a ON a.id = l.application_id
  WHERE l.id = $1`;

/**
 * The loan when the caller may read it — its branch within their branch subtree, or (a relationship
 * manager) a client they serve; otherwise 404, saying nothing about whether it exists.
 */
async function loanInScope(q: Queryable, user: User, id: string, lock = false): Promise<LoanRow> {
  const row = (await q.query<LoanRow>(lock ? `${LOAN_SQL} FOR UPDATE OF l` : LOAN_SQL, [id])).rows[0];
  if (row) {
    const scope = await readScope(q, user);
    if (scope.branches.includes(row.branch_id) || scope.served.includes(row.enterprise_id)) return row;
  }
  throw notFound(`No loan ${id}.`);
}

const wholeMonths = (from: string, to: string) => {
  const [y0, m0] = from.split('-').map(Number) as [number, number];
  const [y1, m1] = to.split('-').map(Number) as [number, number];
  return (y1 - y0) * 12 + (m1 - m0);
};
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** The renewal's pre-filled terms: the balance, the loan's term within the product's range, its repayment method. */
function defaults(loan: LoanRow, product: Product) {
  const term = loan.term_months ?? Math.max(1, wholeMonths(loan.disbursed_on, loan.maturity_date));
  const method =
    loan.repayment_method && (product.repaymentMethods as readonly string[]).includes(loan.repayment_method)
      ? loan.repayment_method
      : product.repaymentMethods[0]!;
  return {
    amount: formatMoney(BigInt(loan.balance_fen) > 0n ? BigInt(loan.balance_fen) : 0n),
    termMonths: clamp(term, product.minTermMonths, product.maxTermMonths),
    repaymentMethod: method,
    minTermMonths: product.minTermMonths,
    maxTermMonths: product.maxTermMonths,
  };
}

const renewalLoan = (loan: LoanRow, product: Product): RenewalLoan => ({
  id: loan.id,
  loanType: product.loanType,
  balance: BigInt(loan.balance_fen),
  maturityDate: loan.maturity_date,
  daysPastDue: loan.days_past_due,
  maxDaysPastDue: loan.max_dpd,
  classification: loan.classification,
  writtenOffOn: loan.written_off_on,
});

/** The rules' answer on the loan with the borrower's latest data, as of `now` (Beijing date). */
async function eligibilityOf(
  q: Queryable,
  provider: ProfileProvider,
  loan: LoanRow,
  product: Product,
  now: Date,
): Promise<RenewalEligibility> {
  const today = beijingDate(now);
  const input = renewalLoan(loan, product);
  const profile = await provider.profile(loan.uscc, today);
  if (!profile) {
    throw new DomainError(
      'application.enterprise_unknown',
      `No enterprise with unified social credit code ${loan.uscc} is known to the data sources.`,
    );
  }
  // The standard of a new loan: the engine's admission rules and negative list, on the renewal's terms
  // (the amount and term brought within the product's range: the question is about the borrower).
  const d = defaults(loan, product);
  const amount = BigInt(loan.balance_fen);
  const assessed = assess(
    profile,
    {
      productCode: product.code,
      amount: formatMoney(
        amount < product.minAmount ? product.minAmount : amount > product.maxAmount ? product.maxAmount : amount,
      ),
      termMonths: d.termMonths,
      repaymentMethod: d.repaymentMethod,
      asOf: today,
    },
    await ruleSetInForce(q, today),
  );
  const failed: Bilingual[] = [
    ...assessed.admission.outcomes.filter((o) => !o.passed).map((o) => o.text),
    ...assessed.negativeList.outcomes.filter((o) => o.hit).map((o) => o.text),
  ];
  const signals = await q.query<{ code: string; severity: 'low' | 'medium' | 'high' }>(
    'SELECT code, severity FROM loan_signals WHERE loan_id = $1 AND cleared_at IS NULL ORDER BY code',
    [loan.id],
  );
  return renewalEligibility(
    {
      loan: input,
      profile,
      newLoanStandard: { passed: failed.length === 0, failed },
      openSignals: signals.rows,
      today,
    },
    RENEWAL_RULES_2024,
  );
}

/** Applications started from the loan, newest first. */
async function applicationsOf(q: Queryable, loanId: string): Promise<RenewalApplication[]> {
  const r = await q.query<{
    id: string;
    kind: 'renewal' | 'top_up';
    status: RenewalApplication['status'];
    amount_fen: string;
    term_months: number;
    submitted_at: Date | string;
  }>(
    `SELECT id, kind, status, amount_fen::text AS amount_fen, term_months, submitted_at
     FROM applications WHERE renewal_of_loan_id = $1 ORDER BY submitted_at DESC, id DESC LIMIT 20`,
    [loanId],
  );
  return r.rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    status: a.status,
    amount: formatMoney(BigInt(a.amount_fen)),
    termMonths: a.term_months,
    submittedAt: new Date(a.submitted_at).toISOString(),
  }));
}

/** GET /api/v1/loans/{id}/renewal-eligibility: the answer and the pre-filled terms; nothing is written. */
export async function renewalEligibilityFor(
  db: Database,
  provider: ProfileProvider,
  user: User,
  loanId: string,
  now = new Date(),
): Promise<RenewalEligibilityResponse> {
  const loan = await loanInScope(db, user, loanId);
  const product = getProduct(loan.product_code);
  const d = defaults(loan, product);
  return {
    eligibility: await eligibilityOf(db, provider, loan, product, now),
    loan: {
      id: loan.id,
      enterpriseName: loan.enterprise_name,
      productCode: loan.product_code,
      balance: d.amount,
      maturityDate: loan.maturity_date,
      termMonths: loan.term_months ?? d.termMonths,
      classification: loan.classification,
    },
    defaults: {
      amount: d.amount,
      termMonths: d.termMonths,
      minTermMonths: d.minTermMonths,
      maxTermMonths: d.maxTermMonths,
    },
    applications: await applicationsOf(db, loan.id),
  };
}

/** Statuses of an application started from a loan that is still on its way (not refused, withdrawn, expired or paid out). */
const PENDING = [
  'submitted',
  'screened',
  'in_review',
  'returned',
  'escalated',
  'committee',
  'approved',
  'auto_approved',
  'contracting',
  'signed',
];

/**
 * POST /api/v1/loans/{id}/renewal: the client's relationship manager starts a renewal (the balance, or
 * less) or a top-up (new money) from the loan. Refused with nothing written for a loan outside the
 * caller's scope (404), a loan that cannot be renewed — written off, repaid, non-performing (409 with the
 * rule's reasons) — one with a renewal or top-up of the same kind still on its way (409), or terms the
 * loan does not allow (422). Otherwise the application goes through createApplication as any submission.
 */
export async function startRenewal(
  db: Database,
  provider: ProfileProvider,
  user: User,
  loanId: string,
  body: StartRenewalRequest,
  key: string,
  now = new Date(),
): Promise<{ body: StartRenewalResponse; replayed: boolean }> {
  const r = await idempotent(
    db,
    user.id,
    key,
    { loanId, ...body },
    async (q) => {
      const loan = await loanInScope(q, user, loanId, true);
      const product = getProduct(loan.product_code);
      const eligibility = await eligibilityOf(q, provider, loan, product, now);
      if (eligibility.blocked) {
        throw conflict(eligibility.blocked.code, eligibility.blocked.reason.en, {
          reasonZh: eligibility.blocked.reason.zh,
          loanId,
        });
      }
      const d = defaults(loan, product);
      let amount: string;
      if (body.kind === 'renewal') {
        const balance = BigInt(loan.balance_fen);
        const asked = body.amount === undefined ? balance : parsePositiveMoney(body.amount, 'amount');
        if (asked > balance) {
          throw unprocessable(
            'renewal.amount_above_balance',
            `A renewal takes over at most the outstanding balance, ${formatMoney(balance)} yuan; more is a top-up.`,
            {
              reasonZh: `续贷金额不能超过贷款余额 ${formatMoney(balance)} 元；超出部分请申请增额。`,
              balance: formatMoney(balance),
            },
          );
        }
        amount = formatMoney(asked);
      } else {
        if (body.amount === undefined) {
          throw unprocessable('renewal.amount_required', 'A top-up names the amount of new money asked for.', {
            reasonZh: '增额申请须填写新增金额。',
          });
        }
        amount = formatMoney(parsePositiveMoney(body.amount, 'amount'));
      }
      const open = await q.query<{ id: string }>(
        'SELECT id FROM applications WHERE renewal_of_loan_id = $1 AND kind = $2 AND status = ANY($3) ORDER BY id LIMIT 1',
        [loan.id, body.kind, PENDING],
      );
      if (open.rows[0]) {
        const id = open.rows[0].id;
        throw conflict(
          'renewal.already_open',
          `Application ${id} (${body.kind === 'renewal' ? 'a renewal' : 'a top-up'} of loan ${loan.id}) is still on its way.`,
          {
            reasonZh: `本笔贷款已有在途的${body.kind === 'renewal' ? '续贷' : '增额'}申请 ${id}。`,
            applicationId: id,
          },
        );
      }
      const req: CreateApplicationRequest = {
        uscc: loan.uscc,
        productCode: product.code,
        amount,
        termMonths: body.termMonths ?? d.termMonths,
        repaymentMethod: d.repaymentMethod as CreateApplicationRequest['repaymentMethod'],
        purpose: body.purpose ?? loan.app_purpose ?? WORKING_CAPITAL_PURPOSE,
        channel: 'branch',
        ...(loan.app_guarantors?.length ? { guarantors: loan.app_guarantors } : {}),
      };
      const created = await createApplication(q, provider, req, user, now);
      const id = created.application.id;
      await markRenewal(q, id, body.kind, loan.id, eligibility as unknown as Record<string, unknown>);
      await appendAudit(q, {
        actorId: user.id,
        action: body.kind === 'renewal' ? 'loan.renewal_started' : 'loan.top_up_started',
        entityType: 'loan',
        entityId: loan.id,
        payload: {
          applicationId: id,
          amount,
          termMonths: req.termMonths,
          ruleVersion: eligibility.ruleVersion,
          noPrincipalRenewal: eligibility.noPrincipalRenewal.allowed,
          failed: eligibility.noPrincipalRenewal.conditions.filter((c) => !c.passed).map((c) => c.code),
        },
        at: now,
      });
      return {
        ...created,
        application: { ...created.application, kind: body.kind },
        kind: body.kind,
        loanId: loan.id,
        eligibility,
      };
    },
    { status: 201, now },
  );
  return { body: r.body, replayed: r.replayed };
}
