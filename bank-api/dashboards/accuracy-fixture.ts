/**
 * A small hand-made book for the approval-accuracy, turnaround and repayment-reminder tests: a few
 * enterprises (each with its service officer), applications and loans with exactly the columns the
 * figures read, so every expected figure can be worked out by hand.
 */
import type { Queryable } from '../db/database';

export interface FixtureEnterprise {
  id: string;
  branch: string;
  officer: string;
}
export interface FixtureApplication {
  id: string;
  enterprise: string;
  branch: string;
  tier: string;
  /** An instant with its offset, e.g. 2026-10-10T00:30:00+08:00. */
  submittedAt: string;
}
export interface FixtureLoan {
  id: string;
  enterprise: string;
  branch: string;
  applicationId?: string | null;
  product?: string;
  principal: string;
  balance: string;
  annualRate?: string;
  disbursedOn: string;
  maturityDate: string;
  dpd?: number;
  classification?: string;
  grade?: string | null;
  tier?: string | null;
  channel?: string | null;
  score?: number | null;
  termMonths?: number | null;
  repaymentMethod?: string | null;
  schedule?: { period: number; dueDate: string; principal: string; interest: string }[] | null;
}

const fen = (yuan: string) => {
  const [i, f = ''] = yuan.split('.');
  return (BigInt(i!) * 100n + BigInt(`${f}00`.slice(0, 2))).toString();
};

export async function insertEnterprises(q: Queryable, list: FixtureEnterprise[]) {
  for (const [n, e] of list.entries()) {
    await q.query(
      `INSERT INTO enterprises (id, uscc, name, legal_rep_name, legal_rep_id, industry_code, size_class, region, branch_id,
         established_date, tax_rating, annual_sales_fen, profile, data_as_of, source, service_officer_id)
       VALUES ($1, $2, $3, '张三', '310101198001010011', 'C34', 'small', '310115', $4, '2015-06-01', 'A', 500000000, '{}', '2026-11-01', 'test', $5)`,
      [e.id, `91310000TEST${String(n).padStart(6, '0')}`, `测试企业${e.id}有限公司`, e.branch, e.officer],
    );
  }
}

export async function insertApplications(q: Queryable, list: FixtureApplication[]) {
  for (const a of list) {
    await q.query(
      `INSERT INTO applications (id, enterprise_id, uscc, enterprise_name, product_code, amount_fen, term_months, repayment_method,
         purpose, channel, status, tier, branch_id, submitted_at, decided_at, updated_at, assessment, routing, profile_snapshot, checklist)
       SELECT $1, e.id, e.uscc, e.name, 'LDD', 10000000, 12, 'equal_installment', '采购原材料', 'branch', 'disbursed', $2, $3,
              $4::timestamptz, $4::timestamptz, $4::timestamptz, '{}', '{}', '{}', '[]'
       FROM enterprises e WHERE e.id = $5`,
      [a.id, a.tier, a.branch, a.submittedAt, a.enterprise],
    );
  }
}

export async function insertLoans(q: Queryable, list: FixtureLoan[]) {
  for (const l of list) {
    await q.query(
      `INSERT INTO loans (id, application_id, enterprise_id, branch_id, product_code, industry_code, principal_fen, balance_fen,
         annual_rate, disbursed_on, maturity_date, days_past_due, max_dpd, classification, grade, tier, channel, score,
         term_months, repayment_method, schedule)
       VALUES ($1, $2, $3, $4, $5, 'C34', $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        l.id,
        l.applicationId ?? null,
        l.enterprise,
        l.branch,
        l.product ?? 'LDD',
        fen(l.principal),
        fen(l.balance),
        l.annualRate ?? '4.3500',
        l.disbursedOn,
        l.maturityDate,
        l.dpd ?? 0,
        l.classification ?? 'normal',
        l.grade ?? null,
        l.tier ?? null,
        l.channel ?? null,
        l.score ?? null,
        l.termMonths ?? null,
        l.repaymentMethod ?? null,
        l.schedule ? JSON.stringify(l.schedule) : null,
      ],
    );
  }
}

/** The loan data date, as the sandbox seed records it (filters.ts loanDataAsOf). */
export async function setDataDate(q: Queryable, asOf: string) {
  await q.query(
    `INSERT INTO meta (key, value) VALUES ('sandbox_data', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [JSON.stringify({ asOf })],
  );
}
