/**
 * Five-level classification (五级分类) proposed at a month-end by the rules of 《商业银行金融资产风险分类办法》
 * (原银保监会、人民银行 2023 年第 1 号令, in force 2023-07-01), as data with a version:
 *
 * - days past due floors: 逾期 1–90 天 at least 关注 (special mention), more than 90 days at least 次级
 *   (substandard), more than 270 days at least 可疑 (doubtful), more than 360 days 损失 (loss);
 * - restructured loans (重组): at least substandard during the observation period — from the restructuring,
 *   at least one year and at least two repayment periods (instalments due after it);
 * - extended loans (展期): at least special mention during their observation period (one year from the
 *   extension); past due during it, at least substandard;
 * - the borrower-level rule: when more than 10 % of a non-retail debtor's claims at the bank (by balance)
 *   are non-performing, all its claims are non-performing (at least substandard);
 * - overdue at other banks (the credit bureau's report): a signal for the reviewer, not a downgrade;
 * - an upgrade out of non-performing needs two consecutive on-time month-ends (the current one and the
 *   one before) — until then the proposal keeps the current class — and a second reviewer.
 *
 * `proposeClass` looks at one loan; `applyBorrowerRule` then raises a debtor's loans together. Both are
 * pure: the bank API's month-end run and the tests call them on rows they hand in.
 */

export const CLASSES = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
export type LoanClass = (typeof CLASSES)[number];
/** Non-performing (不良): substandard, doubtful and loss. */
export const NPL_CLASSES: readonly LoanClass[] = ['substandard', 'doubtful', 'loss'];

export const CLASS_NAMES: Readonly<Record<LoanClass, { zh: string; en: string }>> = {
  normal: { zh: '正常', en: 'Normal' },
  special_mention: { zh: '关注', en: 'Special mention' },
  substandard: { zh: '次级', en: 'Substandard' },
  doubtful: { zh: '可疑', en: 'Doubtful' },
  loss: { zh: '损失', en: 'Loss' },
};

export const rank = (c: LoanClass): number => CLASSES.indexOf(c);
export const isNpl = (c: LoanClass): boolean => NPL_CLASSES.includes(c);
export const worse = (a: LoanClass, b: LoanClass): LoanClass => (rank(a) >= rank(b) ? a : b);
export const isLoanClass = (v: unknown): v is LoanClass =>
  typeof v === 'string' && (CLASSES as readonly string[]).includes(v);

/** The rules as data. A change to any figure is a new version. */
export interface ClassificationRules {
  version: string;
  /** Days past due floors: more than `over` days → at least `floor` (checked from the worst). */
  dpdFloors: readonly { over: number; floor: LoanClass }[];
  restructured: { observationMonths: number; minInstalments: number; floor: LoanClass };
  extended: { observationMonths: number; floor: LoanClass; pastDueFloor: LoanClass };
  borrower: { nplShareOver: number; floor: LoanClass };
  upgrade: { onTimePeriods: number };
}

export const CLASSIFICATION_RULES: ClassificationRules = {
  version: 'CR-2023.1',
  dpdFloors: [
    { over: 360, floor: 'loss' },
    { over: 270, floor: 'doubtful' },
    { over: 90, floor: 'substandard' },
    { over: 0, floor: 'special_mention' },
  ],
  restructured: { observationMonths: 12, minInstalments: 2, floor: 'substandard' },
  extended: { observationMonths: 12, floor: 'special_mention', pastDueFloor: 'substandard' },
  borrower: { nplShareOver: 0.1, floor: 'substandard' },
  upgrade: { onTimePeriods: 2 },
};

export type ReasonCode =
  | 'dpd.none'
  | 'dpd.special_mention'
  | 'dpd.substandard'
  | 'dpd.doubtful'
  | 'dpd.loss'
  | 'restructured.observation'
  | 'extended.observation'
  | 'extended.past_due'
  | 'borrower.npl_share'
  | 'bureau.overdue_elsewhere'
  | 'upgrade.held'
  | 'upgrade.eligible';

export interface Reason {
  code: ReasonCode;
  /** The figures the rule saw (days, dates, shares), for the words. */
  facts: Record<string, string | number | boolean>;
}

/** Words for each reason, both languages, with the facts filled in. */
export function describeReason(r: Reason, lang: 'zh' | 'en'): string {
  const f = r.facts;
  const cls = (v: unknown) => (isLoanClass(v) ? CLASS_NAMES[v][lang] : String(v ?? ''));
  const zh: Record<ReasonCode, () => string> = {
    'dpd.none': () => '未逾期',
    'dpd.special_mention': () => `逾期 ${f.days} 天（1–90 天），至少关注类`,
    'dpd.substandard': () => `逾期 ${f.days} 天（超过 90 天），至少次级类`,
    'dpd.doubtful': () => `逾期 ${f.days} 天（超过 270 天），至少可疑类`,
    'dpd.loss': () => `逾期 ${f.days} 天（超过 360 天），损失类`,
    'restructured.observation': () => `重组资产，观察期至 ${f.until}，至少${cls(f.floor)}类`,
    'extended.observation': () => `展期贷款，观察期至 ${f.until}，至少${cls(f.floor)}类`,
    'extended.past_due': () => `展期后观察期内逾期，至少${cls(f.floor)}类`,
    'borrower.npl_share': () => `同一非零售债务人在本行债权的 ${f.sharePercent}% 为不良（超过 10%），全部债权归为不良`,
    'bureau.overdue_elsewhere': () => '征信显示在他行逾期：请复核（不自动下调）',
    'upgrade.held': () =>
      `当前为不良（${cls(f.current)}类），连续按时还款 ${f.onTime} 期，不足 ${f.needed} 期，暂不上调`,
    'upgrade.eligible': () => `连续按时还款 ${f.onTime} 期，可上调出不良，需第二人复核`,
  };
  const en: Record<ReasonCode, () => string> = {
    'dpd.none': () => 'Not past due',
    'dpd.special_mention': () => `${f.days} days past due (1–90): at least special mention`,
    'dpd.substandard': () => `${f.days} days past due (over 90): at least substandard`,
    'dpd.doubtful': () => `${f.days} days past due (over 270): at least doubtful`,
    'dpd.loss': () => `${f.days} days past due (over 360): loss`,
    'restructured.observation': () =>
      `Restructured; observation period until ${f.until}: at least ${cls(f.floor).toLowerCase()}`,
    'extended.observation': () =>
      `Extended; observation period until ${f.until}: at least ${cls(f.floor).toLowerCase()}`,
    'extended.past_due': () =>
      `Past due during the extension's observation period: at least ${cls(f.floor).toLowerCase()}`,
    'borrower.npl_share': () =>
      `${f.sharePercent}% of this non-retail debtor's claims at the bank are non-performing (over 10%): all its claims are non-performing`,
    'bureau.overdue_elsewhere': () => 'Credit bureau shows overdue at other banks: review (no automatic downgrade)',
    'upgrade.held': () =>
      `Non-performing now (${cls(f.current).toLowerCase()}); ${f.onTime} consecutive on-time period(s), ${f.needed} needed: not upgraded yet`,
    'upgrade.eligible': () =>
      `${f.onTime} consecutive on-time periods: may leave non-performing, with a second reviewer`,
  };
  return (lang === 'zh' ? zh : en)[r.code]();
}

/** One loan at a month-end, as the rules see it. Dates are `YYYY-MM-DD`. */
export interface LoanFacts {
  id: string;
  enterpriseId: string;
  /** A retail debtor (the borrower-level rule is for non-retail debtors only). */
  retail: boolean;
  balanceFen: bigint;
  daysPastDue: number;
  /** loans.classification now. */
  current: LoanClass;
  restructuredOn: string | null;
  extendedOn: string | null;
  /** Due dates of the loan's instalments (for the restructuring's two repayment periods). */
  dueDates: readonly string[];
  /** The credit bureau shows overdue at other banks. */
  overdueElsewhere: boolean;
  /** Consecutive on-time month-ends before this one, from the history (most recent backwards). */
  onTimeBefore: number;
}

export interface Proposal {
  loanId: string;
  proposed: LoanClass;
  reasons: Reason[];
  /** Signals for the reviewer that do not change the class. */
  reviewFlags: string[];
  /** The proposal leaves non-performing: the decision needs a second reviewer. */
  needsSecond: boolean;
  /** What the rules require whatever the reviewer thinks (a reviewer may not go below it). */
  floor: LoanClass;
}

const ymd = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The date `months` months after `date` (day clamped to the month's end). */
export function addMonths(date: string, months: number): string {
  const m = ymd.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const y = Math.floor(total / 12);
  const mo = (total % 12) + 1;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const d = Math.min(Number(m[3]), last);
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Whether `date` is the last day of its month. */
export function isMonthEnd(date: string): boolean {
  const m = ymd.exec(date);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12) return false;
  return d === new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** The last month-end on or before `date`. */
export function monthEndOnOrBefore(date: string): string {
  if (isMonthEnd(date)) return date;
  const m = ymd.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 0));
  return last.toISOString().slice(0, 10);
}

/** The end of a restructuring's observation period: a year at least, and at least two instalments after it. */
export function restructuringObservationEnd(
  restructuredOn: string,
  dueDates: readonly string[],
  rules: ClassificationRules = CLASSIFICATION_RULES,
): string {
  const byMonths = addMonths(restructuredOn, rules.restructured.observationMonths);
  const after = [...dueDates].filter((d) => d > restructuredOn).sort();
  const nth = after[rules.restructured.minInstalments - 1];
  return nth && nth > byMonths ? nth : byMonths;
}

/** The class the rules propose for one loan at `period` (before the borrower-level rule). */
export function proposeClass(
  loan: LoanFacts,
  period: string,
  rules: ClassificationRules = CLASSIFICATION_RULES,
): Proposal {
  const reasons: Reason[] = [];
  const reviewFlags: string[] = [];
  let floor: LoanClass = 'normal';
  const raise = (c: LoanClass) => {
    floor = worse(floor, c);
  };

  const dpd = loan.daysPastDue;
  const dpdRule = rules.dpdFloors.find((r) => dpd > r.over);
  if (dpdRule) {
    raise(dpdRule.floor);
    reasons.push({ code: `dpd.${dpdRule.floor}` as ReasonCode, facts: { days: dpd } });
  } else {
    reasons.push({ code: 'dpd.none', facts: { days: 0 } });
  }

  if (loan.restructuredOn && loan.restructuredOn <= period) {
    const until = restructuringObservationEnd(loan.restructuredOn, loan.dueDates, rules);
    if (period <= until) {
      raise(rules.restructured.floor);
      reasons.push({
        code: 'restructured.observation',
        facts: { since: loan.restructuredOn, until, floor: rules.restructured.floor },
      });
    }
  }

  if (loan.extendedOn && loan.extendedOn <= period) {
    const until = addMonths(loan.extendedOn, rules.extended.observationMonths);
    if (period <= until) {
      raise(rules.extended.floor);
      reasons.push({
        code: 'extended.observation',
        facts: { since: loan.extendedOn, until, floor: rules.extended.floor },
      });
      if (dpd > 0) {
        raise(rules.extended.pastDueFloor);
        reasons.push({ code: 'extended.past_due', facts: { days: dpd, floor: rules.extended.pastDueFloor } });
      }
    }
  }

  if (loan.overdueElsewhere) {
    reviewFlags.push('overdue_elsewhere');
    reasons.push({ code: 'bureau.overdue_elsewhere', facts: {} });
  }

  return settle(loan, floor, reasons, reviewFlags, rules);
}

/** The upgrade rule on top of the floor: out of non-performing only after enough on-time periods. */
function settle(
  loan: LoanFacts,
  floor: LoanClass,
  reasons: Reason[],
  reviewFlags: string[],
  rules: ClassificationRules,
): Proposal {
  let proposed = floor;
  let needsSecond = false;
  const onTime = onTimeStreak(loan);
  if (isNpl(loan.current) && rank(floor) < rank(loan.current)) {
    if (onTime < rules.upgrade.onTimePeriods) {
      proposed = loan.current;
      reasons.push({
        code: 'upgrade.held',
        facts: { current: loan.current, onTime, needed: rules.upgrade.onTimePeriods },
      });
    } else if (!isNpl(floor)) {
      needsSecond = true;
      reasons.push({ code: 'upgrade.eligible', facts: { onTime, needed: rules.upgrade.onTimePeriods } });
    }
  }
  return { loanId: loan.id, proposed, reasons, reviewFlags, needsSecond, floor };
}

/** Consecutive on-time month-ends up to and including this one (0 when past due now). */
export function onTimeStreak(loan: Pick<LoanFacts, 'daysPastDue' | 'onTimeBefore'>): number {
  return loan.daysPastDue === 0 ? 1 + loan.onTimeBefore : 0;
}

/**
 * The borrower-level rule over all of one bank's proposals: for each non-retail debtor whose
 * non-performing share (by balance) is over the threshold, every loan at least the rule's floor.
 */
export function applyBorrowerRule(
  loans: readonly LoanFacts[],
  proposals: readonly Proposal[],
  rules: ClassificationRules = CLASSIFICATION_RULES,
): Proposal[] {
  const byId = new Map(loans.map((l) => [l.id, l]));
  const totals = new Map<string, { all: bigint; npl: bigint; retail: boolean }>();
  for (const p of proposals) {
    const l = byId.get(p.loanId);
    if (!l) continue;
    const t = totals.get(l.enterpriseId) ?? { all: 0n, npl: 0n, retail: l.retail };
    t.all += l.balanceFen;
    if (isNpl(p.proposed)) t.npl += l.balanceFen;
    totals.set(l.enterpriseId, t);
  }
  return proposals.map((p) => {
    const l = byId.get(p.loanId);
    const t = l && totals.get(l.enterpriseId);
    if (!l || !t || t.retail || t.all === 0n || t.npl === 0n) return p;
    // share > threshold, exactly: npl / all > k/10000  ⇔  npl * 10000 > k * all
    const k = BigInt(Math.round(rules.borrower.nplShareOver * 10000));
    if (t.npl * 10000n <= k * t.all || rank(p.proposed) >= rank(rules.borrower.floor)) return p;
    const sharePercent = Number((t.npl * 10000n) / t.all) / 100;
    const floor = worse(p.floor, rules.borrower.floor);
    const reasons: Reason[] = [
      ...p.reasons.filter((r) => r.code !== 'upgrade.eligible' && r.code !== 'upgrade.held'),
      { code: 'borrower.npl_share', facts: { sharePercent, floor: rules.borrower.floor } },
    ];
    return { ...p, proposed: worse(p.proposed, rules.borrower.floor), floor, reasons, needsSecond: false };
  });
}

/** Every loan of a set of debtors at `period`: each loan's rules, then the borrower-level rule. */
export function proposeAll(
  loans: readonly LoanFacts[],
  period: string,
  rules: ClassificationRules = CLASSIFICATION_RULES,
): Proposal[] {
  return applyBorrowerRule(
    loans,
    loans.map((l) => proposeClass(l, period, rules)),
    rules,
  );
}

/** Why a reviewer's class is refused, or null when it is allowed. */
export function reviewProblem(
  p: { floor: LoanClass; current: LoanClass; onTime: number },
  chosen: LoanClass,
  rules: ClassificationRules = CLASSIFICATION_RULES,
): 'below_floor' | 'upgrade_not_eligible' | null {
  if (rank(chosen) < rank(p.floor)) return 'below_floor';
  if (isNpl(p.current) && !isNpl(chosen) && p.onTime < rules.upgrade.onTimePeriods) return 'upgrade_not_eligible';
  return null;
}

/** The decision leaves non-performing, so a second reviewer must confirm it. */
export const needsSecondReview = (current: LoanClass, chosen: LoanClass): boolean => isNpl(current) && !isNpl(chosen);
