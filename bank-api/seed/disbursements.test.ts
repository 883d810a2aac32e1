/**
 * Loans that remember (issue 16.4): the sandbox seed disburses its signed cases through 放款审核's rules
 * (maker ops1, checker ops2; every condition satisfied by its evidence) and each disbursement creates a
 * loan linked to its application; the synthetic loan book carries grade, tier, channel, score, term and
 * repayment method, with worse grades defaulting more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate, isWorkingDay } from '../../shared/calendar';
import { type ConditionEvidence, checkEvidence } from '../../shared/credit/loan-conditions';
import { SCORE_BANDS } from '../../shared/credit/score-bands';
import { parseMoney } from '../../shared/money/money';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { verifyAuditChain } from '../audit/chain';
import type { Database } from '../db/database';
import { sandboxApplicationRequests } from '../sources/sandbox-applications';
import { approvedTermsOf, requiredConditions } from '../workflow/disbursement';
import { sandboxProfileProvider } from '../workflow/sandbox-provider';
import { seedApplications } from './applications';
import { seedSandbox } from './sandbox';

const SEED = 'sandbox-2026';
const NOW = Date.parse('2026-11-25T15:10:00+08:00');
const AS_OF = beijingDate(NOW);

const opened: TestDatabase[] = [];
afterAll(async () => {
  for (const t of opened) await t.drop();
});

describe.each(testEngines())('seeded disbursements and loans on %s', (engine) => {
  let db: Database;

  beforeAll(async () => {
    const t = await createTestDatabase(engine);
    opened.push(t);
    db = t.db;
    await seedSandbox(db, { size: 'small', seed: SEED, asOf: AS_OF, counts: { enterprises: 400, loans: 4000 } });
    const requests = sandboxApplicationRequests(800, SEED, { asOf: AS_OF, now: NOW, enterprises: 400, months: 3 });
    await seedApplications(db, sandboxProfileProvider(SEED), requests, undefined, { now: NOW });
  }, 600_000);

  it('disburses through 放款审核: ops1 makes, ops2 checks, every condition evidenced, one loan per case', async () => {
    const disbursed = (
      await db.query<{
        id: string;
        product_code: string;
        conditions: unknown[];
        approved_terms: Record<string, unknown>;
        amount_fen: string;
        term_months: number;
        repayment_method: string;
        grade: string | null;
        tier: string;
        channel: string;
        score: number | null;
        branch_id: string;
        d_status: string | null;
        maker_id: string | null;
        checker_id: string | null;
        loan_id: string | null;
      }>(
        `SELECT a.id, a.branch_id, a.product_code, a.conditions, a.approved_terms, a.amount_fen, a.term_months, a.repayment_method,
           a.grade, a.tier, a.channel, a.score, d.status AS d_status, d.maker_id, d.checker_id, d.loan_id
         FROM applications a LEFT JOIN disbursements d ON d.application_id = a.id WHERE a.status = 'disbursed'`,
      )
    ).rows;
    expect(disbursed.length).toBeGreaterThan(20);
    const evidence = (
      await db.query<{
        application_id: string;
        condition_index: number;
        evidence: ConditionEvidence;
        recorded_by: string;
      }>('SELECT application_id, condition_index, evidence, recorded_by FROM disbursement_evidence')
    ).rows;
    const loans = new Map(
      (
        await db.query<{
          id: string;
          application_id: string;
          principal_fen: string;
          balance_fen: string;
          annual_rate: string;
          grade: string | null;
          tier: string;
          channel: string;
          score: number | null;
          term_months: number;
          repayment_method: string;
          disbursed_on: string;
          spread_bp: number;
          lpr_percent: string;
          schedule: { principal: string }[];
          disbursement_id: string;
        }>(
          `SELECT id, application_id, principal_fen, balance_fen, annual_rate::text, grade, tier, channel, score,
             term_months, repayment_method, disbursed_on::text, spread_bp, lpr_percent::text, schedule, disbursement_id
           FROM loans WHERE application_id IS NOT NULL`,
        )
      ).rows.map((l) => [l.application_id, l]),
    );
    expect(loans.size).toBe(disbursed.length);
    const kinds = new Set<string>();
    let hangzhou = 0;
    for (const a of disbursed) {
      // Each branch's own disbursement officers: ops1 prepares and ops2 confirms in Shanghai, ops3/ops4 in Hangzhou.
      const hz = a.branch_id.startsWith('HZ');
      if (hz) hangzhou++;
      const [maker, checker] = hz ? ['u-ops3', 'u-ops4'] : ['u-ops1', 'u-ops2'];
      expect(a, a.id).toMatchObject({ d_status: 'disbursed', maker_id: maker, checker_id: checker });
      const terms = approvedTermsOf(a);
      const required = requiredConditions(a.product_code, a.conditions);
      const mine = evidence.filter((e) => e.application_id === a.id);
      expect(
        mine.map((e) => e.condition_index).sort((x, y) => x - y),
        a.id,
      ).toEqual(required.map((_, i) => i));
      for (const e of mine) {
        expect(e.recorded_by).toBe(maker);
        expect(checkEvidence(required[e.condition_index]!.condition, e.evidence, terms.amountFen), a.id).toEqual([]);
        kinds.add(e.evidence.kind);
      }
      const l = loans.get(a.id)!;
      expect(l, a.id).toMatchObject({
        id: a.loan_id,
        disbursement_id: `FK-${a.id}`,
        grade: a.grade,
        tier: a.tier,
        channel: a.channel,
        score: a.score,
        term_months: terms.termMonths,
        repayment_method: terms.repaymentMethod,
      });
      expect(BigInt(l.principal_fen)).toBe(terms.amountFen);
      expect(BigInt(l.balance_fen) <= BigInt(l.principal_fen)).toBe(true);
      expect(isWorkingDay(l.disbursed_on)).toBe(true);
      expect(l.disbursed_on <= AS_OF).toBe(true);
      expect(l.schedule).toHaveLength(terms.termMonths);
      expect(l.schedule.reduce((s, x) => s + parseMoney(x.principal), 0n)).toBe(terms.amountFen);
      expect(Math.round(Number(l.annual_rate) * 100 - Number(l.lpr_percent) * 100)).toBe(l.spread_bp);
    }
    // The seed's conditions reach every kind of evidence the makers record.
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['document', 'payees', 'registration']));
    // Signed cases wait in 放款审核 with no loan.
    const waiting = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM applications a JOIN loans l ON l.application_id = a.id WHERE a.status <> 'disbursed'`,
    );
    expect(waiting.rows[0]!.n).toBe(0);
    // The history says who confirmed, and the audit chain holds.
    const h = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM decisions WHERE action = 'disbursed' AND actor_id IN ('u-ops2', 'u-ops4')",
    );
    expect(h.rows[0]!.n).toBe(disbursed.length);
    expect((await verifyAuditChain(db)).ok).toBe(true);
    expect(hangzhou).toBeGreaterThan(0);
  });

  it('gives the synthetic loan book grade, tier, channel, score, term and method; worse grades default more', async () => {
    const missing = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM loans WHERE grade IS NULL OR tier IS NULL OR channel IS NULL OR score IS NULL
         OR term_months IS NULL OR repayment_method IS NULL`,
    );
    expect(missing.rows[0]!.n).toBe(0);
    const byGrade = (
      await db.query<{ grade: string; n: number; npl: string; over30: string; lo: number; hi: number }>(
        `SELECT grade, count(*)::int AS n,
           avg((classification IN ('substandard', 'doubtful', 'loss'))::int)::text AS npl,
           avg((days_past_due > 30)::int)::text AS over30, min(score) AS lo, max(score) AS hi
         FROM loans WHERE application_id IS NULL GROUP BY grade ORDER BY grade`,
      )
    ).rows;
    console.info(
      `${engine}: loans by grade`,
      byGrade.map(
        (g) =>
          `${g.grade} n=${g.n} npl=${(Number(g.npl) * 100).toFixed(1)}% 30+=${(Number(g.over30) * 100).toFixed(1)}% score ${g.lo}–${g.hi}`,
      ),
    );
    expect(byGrade.map((g) => g.grade)).toEqual(['A', 'B', 'C', 'D', 'E']);
    // Scores fall as grades worsen, in the bands the scorecard's grade boundaries give.
    for (let i = 1; i < byGrade.length; i++) expect(byGrade[i]!.hi).toBeLessThan(byGrade[i - 1]!.lo);
    expect(byGrade[0]!.lo).toBeGreaterThanOrEqual(SCORE_BANDS[4]!.min!);
    // NPL and 30+ rise from the best grades to the worst.
    const rate = (g: string, k: 'npl' | 'over30') => Number(byGrade.find((x) => x.grade === g)![k]);
    for (const k of ['npl', 'over30'] as const) {
      expect(rate('A', k)).toBeLessThanOrEqual(rate('C', k));
      expect(rate('C', k)).toBeLessThan(rate('D', k));
      expect(rate('D', k)).toBeLessThan(rate('E', k));
    }
    const tiers = await db.query<{ tier: string }>('SELECT DISTINCT tier FROM loans ORDER BY tier');
    expect(tiers.rows.map((r) => r.tier)).toEqual(['committee', 'fast', 'instant', 'standard']);
    const channels = await db.query<{ channel: string }>('SELECT DISTINCT channel FROM loans ORDER BY channel');
    expect(channels.rows.map((r) => r.channel)).toEqual(['branch', 'mobile', 'online', 'partner']);
  });
});
