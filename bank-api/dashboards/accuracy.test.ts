/**
 * Approval accuracy (NPL and 30+ by grade, tier, channel, score band) and turnaround from application to
 * disbursement in bank working days, through the bank API on PGlite and PostgreSQL, over a small book
 * inserted by hand: every figure below is worked out from the rows, not read back from the code.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard, DrillResult, Panel } from '../../shared/api/dashboards';
import { SCORE_BANDS, scoreBand } from '../../shared/credit/score-bands';
import { signIn } from '../../test/helpers/api';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import { buildApp } from '../app';
import { insertApplications, insertEnterprises, insertLoans, setDataDate } from './accuracy-fixture';
import { loanSummariesFresh, refreshLoanSummaries } from './summaries';
import { workingDaysBetween } from './turnaround';

const AS_OF = '2026-11-27';
const PERIOD = 'from=2026-09-01&to=2026-11-30';

const row = (p: Panel, key: string) => {
  const r = p.rows.find((x) => x.key === key);
  if (!r) throw new Error(`${p.id} has no row ${key}: ${p.rows.map((x) => x.key).join(',')}`);
  return r;
};
/** [loans, balance, nplRatio, over30Ratio] of a row. */
const figures = (p: Panel, key: string) => {
  const v = row(p, key).values;
  return [v.loans, v.balance, v.nplRatio, v.over30Ratio];
};

describe('working days between two dates (bank calendar)', () => {
  it('counts the days after the first up to and including the second, across holidays and make-up days', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-09')).toBe(2); // 国庆 1–7 October
    expect(workingDaysBetween('2026-09-24', '2026-09-28')).toBe(1); // 中秋 25–27 September
    expect(workingDaysBetween('2026-10-10', '2026-10-12')).toBe(1); // 10 October: 调休 Saturday
    expect(workingDaysBetween('2026-10-09', '2026-10-12')).toBe(2);
    expect(workingDaysBetween('2026-09-01', '2026-10-15')).toBe(28);
    expect(workingDaysBetween('2026-11-02', '2026-11-02')).toBe(0);
  });
  it('puts every score in exactly one band', () => {
    expect([scoreBand(null), scoreBand(300), scoreBand(519), scoreBand(520), scoreBand(639), scoreBand(680)]).toEqual([
      '_none',
      'lt520',
      'lt520',
      '520_559',
      '600_639',
      'ge680',
    ]);
    expect(SCORE_BANDS[0]!.min).toBeNull();
    expect(SCORE_BANDS.at(-1)!.max).toBeNull();
  });
});

describe.each(testEngines())('approval accuracy and turnaround on %s', (engine) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let as: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    app = await buildApp({ db: tdb.db, logLevel: 'silent' });
    as = await signIn(app, ['supervisor1', 'rm1']);
    await tdb.db.tx(async (q) => {
      await setDataDate(q, AS_OF);
      await insertEnterprises(q, [
        { id: 'ENT-ACC-1', branch: 'SH-PD', officer: 'u-rm1' },
        { id: 'ENT-ACC-2', branch: 'SH-XH', officer: 'u-rm2' },
        { id: 'ENT-ACC-3', branch: 'HZ-XH', officer: 'u-rm3' },
      ]);
      const sh = { enterprise: 'ENT-ACC-1', branch: 'SH-PD' };
      const app1 = (id: string, tier: string, submittedAt: string) => ({ id, tier, submittedAt, ...sh });
      await insertApplications(q, [
        app1('APP-T1', 'fast', '2026-09-30T10:00:00+08:00'), // → 2026-10-09: 2 working days (国庆)
        app1('APP-T2', 'fast', '2026-09-24T15:00:00+08:00'), // → 2026-09-28: 1 (中秋)
        app1('APP-T3', 'fast', '2026-11-02T09:00:00+08:00'), // → 2026-11-06: 4
        app1('APP-T4', 'standard', '2026-10-10T00:30:00+08:00'), // Beijing 10 Oct (UTC still 9 Oct) → 10-12: 1
        app1('APP-T5', 'committee', '2026-09-01T09:00:00+08:00'), // → 2026-10-15: 28
        app1('APP-T6', 'fast', '2026-08-01T09:00:00+08:00'), // disbursed 2026-08-20: before the period
        app1('APP-T7', 'instant', '2026-11-10T09:00:00+08:00'), // no loan yet
      ]);
      const loan = { principal: '1000000.00', maturityDate: '2027-09-30', ...sh };
      const linked = (id: string, applicationId: string, disbursedOn: string) => ({
        ...loan,
        id,
        applicationId,
        balance: '1000.00',
        disbursedOn,
      });
      await insertLoans(q, [
        // The book by approval data (all SH unless said).
        {
          ...loan,
          id: 'L-A',
          balance: '1000000.00',
          disbursedOn: '2026-01-10',
          grade: 'A',
          tier: 'instant',
          channel: 'mobile',
          score: 700,
        },
        {
          ...loan,
          id: 'L-B',
          enterprise: 'ENT-ACC-2',
          branch: 'SH-XH',
          balance: '500000.00',
          disbursedOn: '2026-01-10',
          dpd: 95,
          classification: 'substandard',
          grade: 'A',
          tier: 'fast',
          channel: 'branch',
          score: 650,
        },
        {
          ...loan,
          id: 'L-C',
          balance: '300000.00',
          disbursedOn: '2026-02-10',
          dpd: 40,
          classification: 'special_mention',
          grade: 'C',
          tier: 'standard',
          channel: 'branch',
          score: 580,
        },
        {
          ...loan,
          id: 'L-D',
          balance: '200000.00',
          disbursedOn: '2025-12-10',
          dpd: 200,
          classification: 'loss',
          grade: 'E',
          tier: 'committee',
          channel: 'partner',
          score: 510,
        },
        { ...loan, id: 'L-E', balance: '100000.00', disbursedOn: '2025-12-10' }, // no approval data: 未评级
        {
          ...loan,
          id: 'L-F',
          balance: '0.00',
          disbursedOn: '2025-11-10',
          grade: 'B',
          tier: 'fast',
          channel: 'online',
          score: 620,
        },
        {
          ...loan,
          id: 'L-G',
          enterprise: 'ENT-ACC-3',
          branch: 'HZ-XH',
          balance: '400000.00',
          disbursedOn: '2026-03-10',
          dpd: 35,
          classification: 'substandard',
          grade: 'A',
          tier: 'fast',
          channel: 'branch',
          score: 610,
        },
        // Loans with their applications (turnaround); small balances, normal, no approval data.
        linked('L-T1', 'APP-T1', '2026-10-09'),
        linked('L-T2', 'APP-T2', '2026-09-28'),
        linked('L-T3', 'APP-T3', '2026-11-06'),
        linked('L-T4', 'APP-T4', '2026-10-12'),
        linked('L-T5', 'APP-T5', '2026-10-15'),
        linked('L-T6', 'APP-T6', '2026-08-20'),
      ]);
    });
  });
  afterAll(async () => {
    await app.close();
    await tdb.drop();
  });

  const get = async <T>(url: string, user = 'supervisor1', status = 200): Promise<T> => {
    const r = await app.inject({ method: 'GET', url, headers: as(user) });
    expect(r.statusCode, r.body).toBe(status);
    return r.json() as T;
  };
  const portfolio = (q = '') => get<Dashboard>(`/api/v1/dashboards/portfolio?${PERIOD}${q}`);
  const panel = (d: Dashboard, id: string) => d.panels.find((p) => p.id === id)!;

  /** The Shanghai book (the five SH loans with a balance, plus the six small linked ones under 未评级). */
  const expectShanghai = (d: Dashboard) => {
    const grade = panel(d, 'portfolio.byGrade');
    expect(grade.rows.map((r) => r.key)).toEqual(['A', 'B', 'C', 'D', 'E', '_none']);
    expect(figures(grade, 'A')).toEqual(['2', '1500000.00', '33.33', '33.33']);
    expect(figures(grade, 'B')).toEqual(['0', '0.00', null, null]);
    expect(figures(grade, 'C')).toEqual(['1', '300000.00', '0.00', '100.00']);
    expect(figures(grade, 'E')).toEqual(['1', '200000.00', '100.00', '100.00']);
    expect(figures(grade, '_none')).toEqual(['7', '106000.00', '0.00', '0.00']);
    expect(row(grade, '_none').label).toEqual({ zh: '未评级', en: 'Not rated' });
    expect(row(grade, 'A').label?.zh).toBe('A 级');

    const tier = panel(d, 'portfolio.byTier');
    expect(tier.rows.map((r) => r.key)).toEqual(['instant', 'fast', 'standard', 'committee', '_none']);
    expect(figures(tier, 'instant')).toEqual(['1', '1000000.00', '0.00', '0.00']);
    expect(figures(tier, 'fast')).toEqual(['1', '500000.00', '100.00', '100.00']);
    expect(figures(tier, 'standard')).toEqual(['1', '300000.00', '0.00', '100.00']);
    expect(figures(tier, 'committee')).toEqual(['1', '200000.00', '100.00', '100.00']);
    expect(row(tier, 'fast').label).toEqual({ zh: '快速', en: 'Fast' });

    const channel = panel(d, 'portfolio.byChannel');
    expect(figures(channel, 'branch')).toEqual(['2', '800000.00', '62.50', '100.00']);
    expect(figures(channel, 'mobile')).toEqual(['1', '1000000.00', '0.00', '0.00']);
    expect(figures(channel, 'online')).toEqual(['0', '0.00', null, null]);
    expect(figures(channel, 'partner')).toEqual(['1', '200000.00', '100.00', '100.00']);
    expect(row(channel, 'branch').label).toEqual({ zh: '网点', en: 'Branch' });

    const band = panel(d, 'portfolio.byScoreBand');
    expect(band.rows.map((r) => r.key)).toEqual([...SCORE_BANDS.map((b) => b.key), '_none']);
    expect(figures(band, 'lt520')).toEqual(['1', '200000.00', '100.00', '100.00']);
    expect(figures(band, '520_559')).toEqual(['0', '0.00', null, null]);
    expect(figures(band, '560_599')).toEqual(['1', '300000.00', '0.00', '100.00']);
    expect(figures(band, '640_679')).toEqual(['1', '500000.00', '100.00', '100.00']);
    expect(figures(band, 'ge680')).toEqual(['1', '1000000.00', '0.00', '0.00']);
    expect(figures(band, '_none')).toEqual(['7', '106000.00', '0.00', '0.00']);
    expect(row(band, '_none').label?.zh).toBe('无评分');
  };

  it('gives NPL and 30+ by grade, tier, channel and score band, unrated loans as their own row', async () => {
    await tdb.db.query('UPDATE loan_summary_state SET stale = true');
    const d = await portfolio('&branchId=SH');
    expectShanghai(d);
    // The whole bank adds the Hangzhou loan (grade A, fast, branch, 610 points, substandard, 35 days).
    const all = await portfolio();
    expect(figures(panel(all, 'portfolio.byGrade'), 'A')).toEqual(['3', '1900000.00', '47.37', '47.37']);
    expect(figures(panel(all, 'portfolio.byScoreBand'), '600_639')).toEqual(['1', '400000.00', '100.00', '100.00']);
    // A sub-branch: only 浦东 (SH-PD) loans.
    const pd = await portfolio('&branchId=SH-PD');
    expect(figures(panel(pd, 'portfolio.byGrade'), 'A')).toEqual(['1', '1000000.00', '0.00', '0.00']);
    expect(figures(panel(pd, 'portfolio.byChannel'), 'branch')).toEqual(['1', '300000.00', '0.00', '100.00']);
  });

  it('reads the same figures from the loan summaries once they are fresh', async () => {
    await refreshLoanSummaries(tdb.db);
    expect(await loanSummariesFresh(tdb.db, AS_OF)).toBe(true);
    const n = await tdb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM loan_accuracy_summary');
    expect(n.rows[0]!.n).toBeGreaterThan(0);
    expectShanghai(await portfolio('&branchId=SH'));
    const all = await portfolio();
    expect(figures(panel(all, 'portfolio.byGrade'), 'A')).toEqual(['3', '1900000.00', '47.37', '47.37']);
  });

  it('drills from a ratio to the loans behind it', async () => {
    const npl = await get<DrillResult>(
      `/api/v1/dashboards/portfolio/drill?${PERIOD}&branchId=SH&panel=portfolio.byGrade&row=A&series=nplRatio`,
    );
    expect([npl.total, npl.balance, npl.items.map((i) => i.id)]).toEqual([1, '500000.00', ['L-B']]);
    const unrated = await get<DrillResult>(
      `/api/v1/dashboards/portfolio/drill?${PERIOD}&branchId=SH&panel=portfolio.byGrade&row=_none&series=loans`,
    );
    expect([unrated.total, unrated.balance]).toEqual([7, '106000.00']);
    const band = await get<DrillResult>(
      `/api/v1/dashboards/portfolio/drill?${PERIOD}&panel=portfolio.byScoreBand&row=600_639&series=over30Ratio`,
    );
    expect(band.items.map((i) => i.id)).toEqual(['L-G']);
    // A row the panel does not have is a 400 problem, not an empty list.
    const r = await app.inject({
      method: 'GET',
      url: `/api/v1/dashboards/portfolio/drill?${PERIOD}&panel=portfolio.byGrade&row=Z&series=loans`,
      headers: as('supervisor1'),
    });
    expect([r.statusCode, r.headers['content-type']]).toEqual([200, expect.stringContaining('json')]);
    expect((r.json() as DrillResult).total).toBe(0);
  });

  it('drills every row of every accuracy panel to exactly its loans (count and balance)', async () => {
    const d = await portfolio();
    for (const id of ['portfolio.byGrade', 'portfolio.byTier', 'portfolio.byChannel', 'portfolio.byScoreBand']) {
      for (const r of panel(d, id).rows) {
        for (const series of ['loans', 'over30Ratio']) {
          const x = await get<DrillResult>(
            `/api/v1/dashboards/portfolio/drill?${PERIOD}&panel=${id}&row=${r.key}&series=${series}&limit=500`,
          );
          const want = series === 'loans' ? [r.values.loans, r.values.balance] : [null, r.values.over30Balance];
          expect([series === 'loans' ? String(x.total) : null, x.balance], `${id} ${r.key} ${series}`).toEqual(want);
        }
      }
    }
  });

  it('gives turnaround to disbursement in working days, median and p90, by tier and by month', async () => {
    const d = await get<Dashboard>(`/api/v1/dashboards/process?${PERIOD}&branchId=SH`);
    const tier = panel(d, 'process.disbursementByTier');
    const t = (key: string) => {
      const v = row(tier, key).values;
      return [v.disbursed, v.medianDays, v.p90Days];
    };
    expect(t('fast')).toEqual(['3', '2.0', '3.6']); // 2, 1, 4
    expect(t('standard')).toEqual(['1', '1.0', '1.0']);
    expect(t('committee')).toEqual(['1', '28.0', '28.0']);
    expect(t('instant')).toEqual(['0', null, null]);
    expect(row(tier, 'committee').label?.zh).toBe('审贷会');
    expect(tier.series.find((s) => s.key === 'medianDays')?.unit).toBe('workingDays');
    const month = panel(d, 'process.disbursementByMonth');
    expect(month.rows.map((r) => r.key)).toEqual(['2026-09', '2026-10', '2026-11']);
    const m = (key: string) => {
      const v = row(month, key).values;
      return [v.disbursed, v.medianDays, v.p90Days];
    };
    expect(m('2026-09')).toEqual(['1', '1.0', '1.0']);
    expect(m('2026-10')).toEqual(['3', '2.0', '22.8']); // 1, 2, 28
    expect(m('2026-11')).toEqual(['1', '4.0', '4.0']);
    // The tier filter narrows to one tier's cases.
    const fast = await get<Dashboard>(`/api/v1/dashboards/process?${PERIOD}&tier=fast`);
    expect(row(panel(fast, 'process.disbursementByMonth'), '2026-10').values.disbursed).toBe('1');
  });

  it('drills from a turnaround figure to the cases', async () => {
    const r = await get<DrillResult>(
      `/api/v1/dashboards/process/drill?${PERIOD}&branchId=SH&panel=process.disbursementByTier&row=fast&series=disbursed`,
    );
    expect(r.kind).toBe('applications');
    expect(r.items.map((i) => i.id).sort()).toEqual(['APP-T1', 'APP-T2', 'APP-T3']);
  });
});
