/**
 * Regulatory indicators (普惠型小微企业贷款 两增两控) through the bank API on PGlite and PostgreSQL, with exact
 * figures on a small loan book inserted here: balances against the start of the year (年初) for inclusive
 * loans and for all loans (各项贷款); the ≤ 10 million test on each borrower's total credit (单户授信总额),
 * at and just over the line; an individual business (个体工商户) counted whatever its size class; borrowers
 * now against the start of the year.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../shared/api/dashboards';
import { signIn } from '../../test/helpers/api';
import { testProfileProvider } from '../../test/helpers/profiles';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { refreshLoanSummaries } from './summaries';

const AS_OF = '2026-11-30';
const Y = (yuan: string) => BigInt(yuan.replace('.', '')).toString(); // "3000000.00" → fen

// [id, uscc (91 company / 92 个体工商户), size class]
const ENTERPRISES = [
  ['E1', '91310115MA1K000011', 'micro'],
  ['E2', '91310115MA1K000022', 'small'],
  ['E3', '92310115MA1K000033', 'medium'], // 个体工商户: inclusive whatever its size class
  ['E4', '91310115MA1K000044', 'medium'],
  ['E5', '91310115MA1K000055', 'small'],
  ['E6', '91310115MA1K000066', 'micro'], // total credit exactly 10,000,000.00: inclusive
  ['E7', '91310115MA1K000077', 'micro'], // total credit 10,000,000.01: not inclusive
] as const;
// [id, enterprise, principal, balance now, balance at the start of the year, classification, disbursed, maturity]
const LOANS = [
  ['L1', 'E1', '3000000.00', '2000000.00', '2500000.00', 'normal', '2025-06-01', '2027-06-01'],
  ['L2', 'E1', '1000000.00', '0.00', '400000.00', 'normal', '2025-05-01', '2026-05-01'], // repaid this year
  ['L3', 'E2', '6000000.00', '5000000.00', '0.00', 'normal', '2026-03-01', '2028-03-01'],
  ['L4', 'E2', '5000000.00', '1000000.00', '3000000.00', 'normal', '2025-01-10', '2027-01-10'],
  ['L5', 'E3', '2000000.00', '1500000.00', '1800000.00', 'substandard', '2025-04-01', '2027-04-01'],
  ['L6', 'E4', '20000000.00', '12000000.00', '15000000.00', 'normal', '2025-02-01', '2028-02-01'],
  ['L7', 'E5', '800000.00', '600000.00', '0.00', 'normal', '2026-03-01', '2027-03-01'], // new this year
  ['L8', 'E6', '10000000.00', '9000000.00', '9500000.00', 'normal', '2025-07-01', '2027-07-01'],
  ['L9', 'E7', '10000000.01', '5000000.00', '0.00', 'normal', '2026-02-01', '2028-02-01'],
] as const;

describe.each(testEngines())('regulatory indicators on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    const q = tdb.db;
    await q.query("INSERT INTO meta (key, value) VALUES ('sandbox_data', $1)", [JSON.stringify({ asOf: AS_OF })]);
    for (const [id, uscc, size] of ENTERPRISES) {
      await q.query(
        `INSERT INTO enterprises (id, uscc, name, legal_rep_name, legal_rep_id, industry_code, size_class, region,
           branch_id, established_date, tax_rating, annual_sales_fen, profile, data_as_of, source)
         VALUES ($1, $2, $3, '张三', '110101199003074514', 'C3484', $4, '310115', 'SH-PD', '2015-01-01', 'B',
           100000000, '{}', $5, 'test')`,
        [id, uscc, `测试企业${id}`, size, AS_OF],
      );
    }
    for (const [id, ent, principal, balance, yearStart, cls, from, to] of LOANS) {
      await q.query(
        `INSERT INTO loans (id, enterprise_id, branch_id, product_code, industry_code, principal_fen, balance_fen,
           annual_rate, disbursed_on, maturity_date, classification, balance_year_start_fen)
         VALUES ($1, $2, 'SH-PD', 'LDD', 'C3484', $3, $4, 3.5, $5, $6, $7, $8)`,
        [id, ent, Y(principal), Y(balance), from, to, cls, Y(yearStart)],
      );
    }
    await refreshLoanSummaries(q);
    app = await buildApp({ db: tdb.db, logLevel: 'silent', profiles: testProfileProvider() });
    as = await signIn(app, ['supervisor1']);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const board = async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/dashboards/regulatory', headers: as('supervisor1') });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Dashboard;
  };
  const row = (d: Dashboard, panel: string, key: string) =>
    d.panels.find((p) => p.id === panel)!.rows.find((r) => r.key === key)!.values;

  it('measures inclusive and all loans on balances against the start of the year', async () => {
    const d = await board();
    expect(d.dataAsOf).toBe(AS_OF);
    // Inclusive: E1 (L1, L2), E3 (个体工商户), E5, E6 (exactly 10 million); not E2 (11 million), E4 (medium), E7.
    expect(row(d, 'regulatory.indicators', 'inclusive')).toMatchObject({
      balance: '13100000.00',
      yearStart: '14200000.00',
      growth: '-7.75', // (13.1 − 14.2) / 14.2
      nplBalance: '1500000.00',
      nplRatio: '11.45',
      borrowersNow: '4', // E1, E3, E5, E6
      borrowersYearStart: '3', // E1, E3, E6 (E5 borrowed this year)
    });
    // 各项贷款: every loan of the bank.
    expect(row(d, 'regulatory.indicators', 'all')).toMatchObject({
      balance: '36100000.00',
      yearStart: '32200000.00',
      growth: '12.11', // 3.9 / 32.2
      nplRatio: '4.16',
      borrowersNow: '7',
      borrowersYearStart: '5',
    });
  });

  it('derives the two increases and two controls from them', async () => {
    const d = await board();
    expect(row(d, 'regulatory.checks', 'loanGrowth')).toEqual({ value: '-7.75', target: '12.11', met: 'false' });
    expect(row(d, 'regulatory.checks', 'borrowerGrowth')).toEqual({ value: '4', target: '3', met: 'true' });
    expect(row(d, 'regulatory.checks', 'nplTolerance')).toEqual({ value: '11.45', target: '7.16', met: 'false' });
  });

  it('drills into exactly the loans behind an inclusive figure', async () => {
    const d = await board();
    const r = await app.inject({
      method: 'GET',
      url: `/api/v1/dashboards/regulatory/drill?panel=regulatory.indicators&row=inclusive&series=balance&at=${encodeURIComponent(d.generatedAt)}`,
      headers: as('supervisor1'),
    });
    expect(r.statusCode, r.body).toBe(200);
    const ids = (r.json().items as { id: string }[]).map((i) => i.id).sort();
    expect(ids).toEqual(['L1', 'L5', 'L7', 'L8']);
  });
});
