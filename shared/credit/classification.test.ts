import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  applyBorrowerRule,
  CLASSES,
  CLASSIFICATION_RULES,
  describeReason,
  isMonthEnd,
  type LoanClass,
  type LoanFacts,
  monthEndOnOrBefore,
  needsSecondReview,
  proposeAll,
  proposeClass,
  type ReasonCode,
  rank,
  restructuringObservationEnd,
  reviewProblem,
} from './classification';

const PERIOD = '2026-11-30';
const loan = (patch: Partial<LoanFacts> = {}): LoanFacts => ({
  id: 'L1',
  enterpriseId: 'E1',
  retail: false,
  balanceFen: 1_000_000_00n,
  daysPastDue: 0,
  current: 'normal',
  restructuredOn: null,
  extendedOn: null,
  dueDates: [],
  overdueElsewhere: false,
  onTimeBefore: 0,
  ...patch,
});
const codes = (p: { reasons: { code: ReasonCode }[] }) => p.reasons.map((r) => r.code);

describe('days past due floors (2023 rules, art. 11–14)', () => {
  it.each([
    [0, 'normal', 'dpd.none'],
    [1, 'special_mention', 'dpd.special_mention'],
    [90, 'special_mention', 'dpd.special_mention'],
    [91, 'substandard', 'dpd.substandard'],
    [270, 'substandard', 'dpd.substandard'],
    [271, 'doubtful', 'dpd.doubtful'],
    [360, 'doubtful', 'dpd.doubtful'],
    [361, 'loss', 'dpd.loss'],
  ] as const)('%i days past due → %s', (days, cls, code) => {
    const p = proposeClass(loan({ daysPastDue: days }), PERIOD);
    expect(p.proposed).toBe(cls);
    expect(p.floor).toBe(cls);
    expect(codes(p)[0]).toBe(code);
  });

  it('never proposes a class better than the days past due floor (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.constantFrom(...CLASSES), (days, current) => {
        const p = proposeClass(loan({ daysPastDue: days, current, onTimeBefore: 5 }), PERIOD);
        const floor =
          days > 360
            ? 'loss'
            : days > 270
              ? 'doubtful'
              : days > 90
                ? 'substandard'
                : days > 0
                  ? 'special_mention'
                  : 'normal';
        return rank(p.proposed) >= rank(floor as LoanClass);
      }),
    );
  });
});

describe('restructured loans (重组): at least substandard in the observation period', () => {
  it('holds substandard for at least a year from the restructuring', () => {
    const l = loan({ restructuredOn: '2026-03-15', dueDates: ['2026-04-15', '2026-05-15'] });
    const p = proposeClass(l, PERIOD);
    expect(p.proposed).toBe('substandard');
    expect(codes(p)).toContain('restructured.observation');
    expect(p.reasons.find((r) => r.code === 'restructured.observation')?.facts.until).toBe('2027-03-15');
  });
  it('ends after the year when two instalments have fallen due by then', () => {
    const l = loan({ restructuredOn: '2025-10-20', dueDates: ['2025-11-20', '2025-12-20'] });
    expect(proposeClass(l, PERIOD).proposed).toBe('normal');
  });
  it('lasts until the second repayment period after the restructuring when that is later than a year', () => {
    const due = ['2026-06-30', '2027-06-30'];
    expect(restructuringObservationEnd('2025-11-01', due)).toBe('2027-06-30');
    expect(proposeClass(loan({ restructuredOn: '2025-11-01', dueDates: due }), PERIOD).proposed).toBe('substandard');
  });
  it('does not apply before the restructuring', () => {
    expect(proposeClass(loan({ restructuredOn: '2026-12-15' }), PERIOD).proposed).toBe('normal');
  });
  it('keeps the worse of the days past due floor and the restructuring floor', () => {
    expect(proposeClass(loan({ restructuredOn: '2026-06-01', daysPastDue: 300 }), PERIOD).proposed).toBe('doubtful');
  });
});

describe('extended loans (展期)', () => {
  it('at least special mention during the observation year', () => {
    const p = proposeClass(loan({ extendedOn: '2026-05-31' }), PERIOD);
    expect(p.proposed).toBe('special_mention');
    expect(codes(p)).toContain('extended.observation');
  });
  it('past due during the observation period → at least substandard', () => {
    const p = proposeClass(loan({ extendedOn: '2026-05-31', daysPastDue: 10 }), PERIOD);
    expect(p.proposed).toBe('substandard');
    expect(codes(p)).toContain('extended.past_due');
  });
  it('no floor after the observation period', () => {
    expect(proposeClass(loan({ extendedOn: '2025-10-31' }), PERIOD).proposed).toBe('normal');
  });
});

describe('borrower-level rule (art. 15): more than 10 % non-performing → all non-performing', () => {
  const a = loan({ id: 'A', balanceFen: 89_000_00n });
  const b = loan({ id: 'B', balanceFen: 11_000_00n, daysPastDue: 100 });
  it('raises every claim of a non-retail debtor above the threshold', () => {
    const out = proposeAll([a, b], PERIOD);
    expect(out.map((p) => p.proposed)).toEqual(['substandard', 'substandard']);
    const r = out[0]!.reasons.find((x) => x.code === 'borrower.npl_share');
    expect(r?.facts.sharePercent).toBe(11);
    expect(out[0]!.floor).toBe('substandard');
  });
  it('exactly 10 % is not more than 10 %', () => {
    const out = proposeAll([loan({ id: 'A', balanceFen: 90_000_00n }), { ...b, balanceFen: 10_000_00n }], PERIOD);
    expect(out.map((p) => p.proposed)).toEqual(['normal', 'substandard']);
  });
  it('does not apply to a retail debtor', () => {
    const out = proposeAll(
      [
        { ...a, retail: true },
        { ...b, retail: true },
      ],
      PERIOD,
    );
    expect(out.map((p) => p.proposed)).toEqual(['normal', 'substandard']);
  });
  it('counts each debtor on its own', () => {
    const out = proposeAll([{ ...a, enterpriseId: 'E2' }, b], PERIOD);
    expect(out.map((p) => p.proposed)).toEqual(['normal', 'substandard']);
  });
  it('does not lower a worse class', () => {
    const worseLoan = loan({ id: 'C', balanceFen: 1n, daysPastDue: 400 });
    const out = applyBorrowerRule([b, worseLoan], [proposeClass(b, PERIOD), proposeClass(worseLoan, PERIOD)]);
    expect(out[1]!.proposed).toBe('loss');
  });
});

describe('overdue at other banks: a signal for review, not a downgrade', () => {
  it('flags the proposal and keeps the class', () => {
    const p = proposeClass(loan({ overdueElsewhere: true }), PERIOD);
    expect(p.proposed).toBe('normal');
    expect(p.reviewFlags).toEqual(['overdue_elsewhere']);
    expect(codes(p)).toContain('bureau.overdue_elsewhere');
  });
});

describe('upgrade out of non-performing: two consecutive on-time periods and a second reviewer', () => {
  it('holds the current class after one on-time period', () => {
    const p = proposeClass(loan({ current: 'substandard', onTimeBefore: 0 }), PERIOD);
    expect(p.proposed).toBe('substandard');
    expect(p.needsSecond).toBe(false);
    expect(codes(p)).toContain('upgrade.held');
    expect(p.floor).toBe('normal');
  });
  it('holds it while past due, even below the current class floor', () => {
    expect(proposeClass(loan({ current: 'doubtful', daysPastDue: 95, onTimeBefore: 4 }), PERIOD).proposed).toBe(
      'doubtful',
    );
  });
  it('proposes the upgrade after two on-time periods, with a second reviewer', () => {
    const p = proposeClass(loan({ current: 'substandard', onTimeBefore: 1 }), PERIOD);
    expect(p.proposed).toBe('normal');
    expect(p.needsSecond).toBe(true);
    expect(codes(p)).toContain('upgrade.eligible');
  });
  it('a performing loan moves freely between normal and special mention', () => {
    expect(proposeClass(loan({ current: 'special_mention' }), PERIOD).proposed).toBe('normal');
  });
  it('a reviewer may not go below the floor nor leave non-performing too early', () => {
    expect(reviewProblem({ floor: 'substandard', current: 'substandard', onTime: 0 }, 'special_mention')).toBe(
      'below_floor',
    );
    expect(reviewProblem({ floor: 'normal', current: 'doubtful', onTime: 1 }, 'normal')).toBe('upgrade_not_eligible');
    expect(reviewProblem({ floor: 'normal', current: 'doubtful', onTime: 2 }, 'normal')).toBeNull();
    expect(reviewProblem({ floor: 'normal', current: 'normal', onTime: 0 }, 'loss')).toBeNull();
    expect(needsSecondReview('substandard', 'special_mention')).toBe(true);
    expect(needsSecondReview('substandard', 'doubtful')).toBe(false);
    expect(needsSecondReview('normal', 'normal')).toBe(false);
  });
});

describe('rules as data, words for every reason', () => {
  it('carries a version', () => {
    expect(CLASSIFICATION_RULES.version).toMatch(/^CR-2023\./);
  });
  it('describes every reason in both languages with its facts', () => {
    const all: ReasonCode[] = [
      'dpd.none',
      'dpd.special_mention',
      'dpd.substandard',
      'dpd.doubtful',
      'dpd.loss',
      'restructured.observation',
      'extended.observation',
      'extended.past_due',
      'borrower.npl_share',
      'bureau.overdue_elsewhere',
      'upgrade.held',
      'upgrade.eligible',
    ];
    for (const code of all) {
      const r = {
        code,
        facts: {
          days: 95,
          until: '2027-03-15',
          floor: 'substandard',
          sharePercent: 11,
          current: 'doubtful',
          onTime: 1,
          needed: 2,
        },
      };
      const zh = describeReason(r, 'zh');
      const en = describeReason(r, 'en');
      expect(zh).not.toMatch(/undefined|substandard|doubtful/);
      expect(en).not.toMatch(/undefined|_/);
      expect(zh.length).toBeGreaterThan(2);
    }
    expect(describeReason({ code: 'dpd.substandard', facts: { days: 95 } }, 'zh')).toBe(
      '逾期 95 天（超过 90 天），至少次级类',
    );
  });
  it('month-end helpers', () => {
    expect(isMonthEnd('2026-11-30')).toBe(true);
    expect(isMonthEnd('2028-02-29')).toBe(true);
    expect(isMonthEnd('2026-02-28')).toBe(true);
    expect(isMonthEnd('2026-11-29')).toBe(false);
    expect(isMonthEnd('2026-13-31')).toBe(false);
    expect(monthEndOnOrBefore('2026-11-29')).toBe('2026-10-31');
    expect(monthEndOnOrBefore('2026-03-01')).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });
});
