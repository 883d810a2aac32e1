/**
 * Renewal (续贷) and top-up (增额) from an existing loan, and whether a renewal may go without repaying the
 * principal first (无还本续贷) — the rules of 国家金融监督管理总局《关于做好续贷工作 提高小微企业金融服务水平的通知》
 * (金规〔2024〕13号, 2024-09-24), as versioned data:
 *
 * - what can be renewed: working-capital loans (流动资金周转贷款) of small and micro enterprises; medium
 *   enterprises' working-capital loans for a limited time (maturing on or before 2027-09-30);
 * - when: the borrower asks before the loan matures (the bank investigates ahead of maturity: a window of
 *   days before the maturity date); after maturity it is an overdue loan, not a renewal;
 * - the borrower: operates lawfully (not on the abnormal-operation list, tax rating not D, not a shell
 *   with no staff or no money moving — a zombie), operates normally (sales every recent month, no
 *   collapse against the half-year before), has a good credit record and the will to repay (no interest or
 *   principal in arrears beyond a small tolerance, no court enforcement, no serious overdue elsewhere), and
 *   meets the standard for a new working-capital loan (the engine's admission rules and negative list);
 * - the loan: classified normal or special mention (正常类、关注类), no open high-severity warning.
 *
 * A written-off (核销), closed (no balance) or non-performing (次级、可疑、损失) loan cannot be renewed or
 * topped up at all: `blocked` says so and the bank API refuses the request with nothing changed.
 * A top-up (增额) is a new application for more money; the 无还本续贷 answer concerns renewals only.
 *
 * Pure: the bank API hands in the loan row, the latest profile from the sources, the engine's admission
 * answer and the open signals; the tests call it on crafted inputs.
 */
import { z } from 'zod';
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../calendar/civil-date';
import { type Fen, formatMoney, parseMoney } from '../money/money';
import type { Bilingual } from './grades';
import { LOAN_TYPES, type LoanType } from './loan-types';
import type { EnterpriseProfile, SizeClass } from './profile';
import { SIZE_CLASSES } from './profile';

/** What a request from a loan asks for. */
export const RENEWAL_KINDS = ['renewal', 'top_up'] as const;
export type RenewalKind = (typeof RENEWAL_KINDS)[number];
/** An application's kind (applications.kind): a new need, a renewal of a loan, or a top-up on it. */
export const APPLICATION_KINDS = ['new', 'renewal', 'top_up'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export const LOAN_CLASSES = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
export type LoanClassification = (typeof LOAN_CLASSES)[number];
const NON_PERFORMING: readonly LoanClassification[] = ['substandard', 'doubtful', 'loss'];
const CLASS_WORDS: Record<LoanClassification, Bilingual> = {
  normal: { zh: '正常', en: 'normal' },
  special_mention: { zh: '关注', en: 'special mention' },
  substandard: { zh: '次级', en: 'substandard' },
  doubtful: { zh: '可疑', en: 'doubtful' },
  loss: { zh: '损失', en: 'loss' },
};
const SIZE_WORDS: Record<SizeClass, Bilingual> = {
  micro: { zh: '微型', en: 'micro' },
  small: { zh: '小型', en: 'small' },
  medium: { zh: '中型', en: 'medium' },
};

/** Words for the warning signals (shared/monitoring); an unknown code is named as it is. */
const SIGNAL_WORDS: Record<string, Bilingual> = {
  sales_drop: { zh: '销售额下滑', en: 'sales falling' },
  inflow_drop: { zh: '结算流入下滑', en: 'settlement inflow falling' },
  new_court_case: { zh: '新增涉诉', en: 'new court case' },
  overdue_elsewhere: { zh: '他行逾期', en: 'overdue at another bank' },
};
const signalWords = (code: string): Bilingual => SIGNAL_WORDS[code] ?? { zh: code, en: code };

const DateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');
const Days = z.number().int().min(0).max(3650);

/** The rules as data; any change to a figure is a new version (the answer names the version it used). */
export const RenewalRulesSchema = z.strictObject({
  version: z.string().regex(/^RN-\d{4}\.\d{1,3}$/, 'version must look like RN-2024.1'),
  /** The regulation the figures come from. */
  source: z.string().min(1).max(200),
  effectiveFrom: DateString,
  /** Loan types that may be renewed without repaying the principal (流动资金周转贷款). */
  loanTypes: z.array(z.enum(LOAN_TYPES)).min(1),
  /** Enterprise sizes covered without a time limit. */
  sizeClasses: z.array(z.enum(SIZE_CLASSES)).min(1),
  /** Medium enterprises are covered for loans maturing on or before this date (阶段性扩大至中型企业); null: not covered. */
  mediumMaturingBy: DateString.nullable(),
  /** The renewal is asked for at most this many days before the maturity date (and not after it). */
  windowDaysBeforeMaturity: Days,
  /** Classes a renewed loan may have (正常类、关注类). */
  classes: z.array(z.enum(LOAN_CLASSES)).min(1),
  /** Days past due today that still count as no arrears (欠贷欠息), and the worst spell over the loan's life. */
  maxDaysPastDue: Days,
  maxLifetimeDaysPastDue: Days,
  /** Operating normally: VAT-declared sales in each of the last `salesMonths` months, and the last six months' sales at least this share of the six before. */
  salesMonths: z.number().int().min(1).max(12),
  minHalfYearSalesPercent: z.number().int().min(0).max(100),
  /** Not a shell (僵尸企业): at least this many insured staff and settlement inflow in the last `salesMonths` months. */
  minInsuredHeadcount: z.number().int().min(0).max(100_000),
  /** Credit record (征信): overdue instalments in 12 months and the longest spell in 24 months at any lender. */
  maxBureauOverdueCount12m: z.number().int().min(0).max(1000),
  maxBureauOverdueDays24m: Days,
  /** Open warning signals of these severities stop a renewal without principal repayment. */
  blockingSignalSeverities: z.array(z.enum(['low', 'medium', 'high'])),
});
export type RenewalRules = z.infer<typeof RenewalRulesSchema>;

export const RENEWAL_RULES_2024: RenewalRules = RenewalRulesSchema.parse({
  version: 'RN-2024.1',
  source: '金规〔2024〕13号《关于做好续贷工作 提高小微企业金融服务水平的通知》',
  effectiveFrom: '2024-09-24',
  loanTypes: ['working_capital'],
  sizeClasses: ['micro', 'small'],
  mediumMaturingBy: '2027-09-30',
  windowDaysBeforeMaturity: 90,
  classes: ['normal', 'special_mention'],
  maxDaysPastDue: 0,
  maxLifetimeDaysPastDue: 30,
  salesMonths: 3,
  minHalfYearSalesPercent: 50,
  minInsuredHeadcount: 1,
  maxBureauOverdueCount12m: 1,
  maxBureauOverdueDays24m: 30,
  blockingSignalSeverities: ['high'],
});

/** Parses rules from outside (a file, a test): an unknown field or a bad figure is refused by name. */
export function parseRenewalRules(input: unknown): RenewalRules {
  return RenewalRulesSchema.parse(input);
}

/** The loan as the rules see it (from the loans row). */
export interface RenewalLoan {
  id: string;
  loanType: LoanType;
  balance: Fen;
  maturityDate: string;
  daysPastDue: number;
  maxDaysPastDue: number;
  classification: LoanClassification;
  /** 核销: the day it was written off, or null. */
  writtenOffOn: string | null;
}

export interface RenewalInput {
  loan: RenewalLoan;
  /** The borrower's latest profile from the sources (the data the renewal would be decided on). */
  profile: Pick<
    EnterpriseProfile,
    'sizeClass' | 'taxRating' | 'insuredHeadcount' | 'monthly' | 'bureau' | 'publicFlags'
  >;
  /** The engine's admission and negative list on a new application for the renewed amount: what failed, in words. */
  newLoanStandard: { passed: boolean; failed: readonly Bilingual[] };
  /** Open warning signals on the loan. */
  openSignals: readonly { code: string; severity: 'low' | 'medium' | 'high' }[];
  /** The Beijing date the question is asked. */
  today: string;
}

export const RENEWAL_CONDITIONS = [
  'loan_type',
  'enterprise_size',
  'maturity_window',
  'classification',
  'no_arrears',
  'operating_normally',
  'lawful_not_zombie',
  'credit_record',
  'no_open_warning',
  'new_loan_standard',
] as const;
export type RenewalConditionCode = (typeof RENEWAL_CONDITIONS)[number];

export type Observed = Record<string, string | number | boolean | null>;

export interface RenewalCondition {
  code: RenewalConditionCode;
  passed: boolean;
  /** What the condition asks, in words. */
  label: Bilingual;
  /** Why it failed, in words naming the figures; null when it passed. */
  reason: Bilingual | null;
  /** The figures the rule saw and the limits it compared them with. */
  observed: Observed;
}

export const BLOCK_CODES = ['renewal.loan_written_off', 'renewal.loan_closed', 'renewal.loan_non_performing'] as const;
export type BlockCode = (typeof BLOCK_CODES)[number];

export interface RenewalEligibility {
  ruleVersion: string;
  source: string;
  asOf: string;
  loanId: string;
  /** Why nothing may be started from this loan (neither renewal nor top-up), or null. */
  blocked: { code: BlockCode; reason: Bilingual } | null;
  /** 无还本续贷: allowed when nothing blocks and every condition passes. */
  noPrincipalRenewal: { allowed: boolean; conditions: RenewalCondition[] };
  /** The amount a renewal takes over: the outstanding balance (yuan string). */
  renewalAmount: string;
}

const LABELS: Record<RenewalConditionCode, Bilingual> = {
  loan_type: { zh: '原贷款为流动资金周转贷款', en: 'The loan is a working-capital loan' },
  enterprise_size: {
    zh: '借款人为小微企业（中型企业阶段性适用）',
    en: 'The borrower is a small or micro enterprise (medium enterprises for a limited time)',
  },
  maturity_window: { zh: '在贷款到期前申请续贷', en: 'The renewal is asked for before the loan matures' },
  classification: { zh: '原贷款为正常类或关注类', en: 'The loan is classified normal or special mention' },
  no_arrears: { zh: '无欠贷欠息', en: 'No principal or interest in arrears' },
  operating_normally: {
    zh: '生产经营正常，具有持续经营能力',
    en: 'The business operates normally and can go on operating',
  },
  lawful_not_zombie: {
    zh: '依法合规经营，非僵尸企业',
    en: 'The business operates lawfully and is not a zombie enterprise',
  },
  credit_record: {
    zh: '信用状况良好，无逃废债等不良行为',
    en: 'Good credit record, no evasion of debts',
  },
  no_open_warning: { zh: '无未解除的高风险贷后预警', en: 'No open high-severity post-loan warning' },
  new_loan_standard: {
    zh: '符合新发放流动资金周转贷款的条件和标准',
    en: 'Meets the standard for a new working-capital loan',
  },
};

const addDays = (date: string, n: number) => formatCivilDate(fromDayNumber(toDayNumber(parseCivilDate(date)) + n));
const daysBetween = (a: string, b: string) => toDayNumber(parseCivilDate(b)) - toDayNumber(parseCivilDate(a));
const fen = (s: string) => parseMoney(s);

function condition(code: RenewalConditionCode, failed: Bilingual | null, observed: Observed): RenewalCondition {
  return { code, passed: failed === null, label: LABELS[code], reason: failed, observed };
}

/** Why nothing can be started from the loan, or null. */
export function renewalBlock(loan: RenewalLoan): RenewalEligibility['blocked'] {
  if (loan.writtenOffOn) {
    return {
      code: 'renewal.loan_written_off',
      reason: {
        zh: `贷款 ${loan.id} 已于 ${loan.writtenOffOn} 核销，不能续贷或增额。`,
        en: `Loan ${loan.id} was written off on ${loan.writtenOffOn}; it cannot be renewed or topped up.`,
      },
    };
  }
  if (loan.balance <= 0n) {
    return {
      code: 'renewal.loan_closed',
      reason: {
        zh: `贷款 ${loan.id} 已结清，无余额可续；如有新的融资需求，请新建申请。`,
        en: `Loan ${loan.id} is repaid in full, so there is nothing to renew; a new need is a new application.`,
      },
    };
  }
  if (NON_PERFORMING.includes(loan.classification)) {
    const c = CLASS_WORDS[loan.classification];
    return {
      code: 'renewal.loan_non_performing',
      reason: {
        zh: `贷款 ${loan.id} 为${c.zh}类（不良），不能续贷或增额。`,
        en: `Loan ${loan.id} is classified ${c.en} (non-performing); it cannot be renewed or topped up.`,
      },
    };
  }
  return null;
}

/** Sum of VAT-declared sales over months [from, to) of the profile (fen). */
const salesOf = (monthly: RenewalInput['profile']['monthly'], from: number, to: number) =>
  monthly.slice(from, to).reduce((s, m) => s + fen(m.vatSales), 0n);

/** Evaluates every condition of 无还本续贷 on one loan and says what, if anything, blocks any request. */
export function renewalEligibility(input: RenewalInput, rules: RenewalRules = RENEWAL_RULES_2024): RenewalEligibility {
  const { loan, profile, today } = input;
  const conditions: RenewalCondition[] = [];

  // 1. 流动资金周转贷款
  conditions.push(
    condition(
      'loan_type',
      rules.loanTypes.includes(loan.loanType)
        ? null
        : {
            zh: '无还本续贷仅适用于流动资金周转贷款，本笔贷款不是流动资金贷款。',
            en: 'Renewal without principal repayment applies to working-capital loans only; this loan is not one.',
          },
      { loanType: loan.loanType, allowed: rules.loanTypes.join(',') },
    ),
  );

  // 2. 小微企业；中型企业阶段性适用
  const size = profile.sizeClass;
  let sizeFailed: Bilingual | null = null;
  if (!rules.sizeClasses.includes(size)) {
    const mediumOk =
      size === 'medium' && rules.mediumMaturingBy !== null && loan.maturityDate <= rules.mediumMaturingBy;
    if (!mediumOk) {
      sizeFailed =
        size === 'medium' && rules.mediumMaturingBy
          ? {
              zh: `中型企业的流动资金贷款须在 ${rules.mediumMaturingBy} 前到期方可参照办理，本笔于 ${loan.maturityDate} 到期。`,
              en: `A medium enterprise's loan qualifies only if it matures by ${rules.mediumMaturingBy}; this one matures on ${loan.maturityDate}.`,
            }
          : {
              zh: `借款人为${SIZE_WORDS[size].zh}企业，不在续贷政策适用范围内。`,
              en: `The borrower is a ${SIZE_WORDS[size].en} enterprise, outside the scope of the renewal policy.`,
            };
    }
  }
  conditions.push(
    condition('enterprise_size', sizeFailed, {
      sizeClass: size,
      allowed: rules.sizeClasses.join(','),
      mediumMaturingBy: rules.mediumMaturingBy,
    }),
  );

  // 3. 到期前申请（提前调查评审的窗口内）
  const daysToMaturity = daysBetween(today, loan.maturityDate);
  const opens = addDays(loan.maturityDate, -rules.windowDaysBeforeMaturity);
  let windowFailed: Bilingual | null = null;
  if (daysToMaturity < 0) {
    windowFailed = {
      zh: `贷款已于 ${loan.maturityDate} 到期，到期后不能办理无还本续贷。`,
      en: `The loan matured on ${loan.maturityDate}; after maturity it cannot be renewed without repaying the principal.`,
    };
  } else if (daysToMaturity > rules.windowDaysBeforeMaturity) {
    windowFailed = {
      zh: `距到期还有 ${daysToMaturity} 天；续贷可在到期前 ${rules.windowDaysBeforeMaturity} 天内（${opens} 起）办理。`,
      en: `${daysToMaturity} days to maturity; a renewal can be asked for within ${rules.windowDaysBeforeMaturity} days of it (from ${opens}).`,
    };
  }
  conditions.push(
    condition('maturity_window', windowFailed, {
      maturityDate: loan.maturityDate,
      daysToMaturity,
      windowDays: rules.windowDaysBeforeMaturity,
      opensOn: opens,
    }),
  );

  // 4. 正常类、关注类
  const cls = CLASS_WORDS[loan.classification];
  conditions.push(
    condition(
      'classification',
      rules.classes.includes(loan.classification)
        ? null
        : {
            zh: `贷款为${cls.zh}类，仅正常类、关注类贷款可以续贷。`,
            en: `The loan is classified ${cls.en}; only normal and special-mention loans can be renewed.`,
          },
      { classification: loan.classification, allowed: rules.classes.join(',') },
    ),
  );

  // 5. 无欠贷欠息（允许的小额容差）
  let arrears: Bilingual | null = null;
  if (loan.daysPastDue > rules.maxDaysPastDue) {
    arrears = {
      zh: `贷款当前逾期 ${loan.daysPastDue} 天（容许 ${rules.maxDaysPastDue} 天），存在欠贷欠息。`,
      en: `The loan is ${loan.daysPastDue} days past due (tolerance ${rules.maxDaysPastDue}): principal or interest is in arrears.`,
    };
  } else if (loan.maxDaysPastDue > rules.maxLifetimeDaysPastDue) {
    arrears = {
      zh: `贷款期内最长逾期 ${loan.maxDaysPastDue} 天，超过 ${rules.maxLifetimeDaysPastDue} 天的容许范围。`,
      en: `The loan was once ${loan.maxDaysPastDue} days past due, beyond the ${rules.maxLifetimeDaysPastDue}-day tolerance.`,
    };
  }
  conditions.push(
    condition('no_arrears', arrears, {
      daysPastDue: loan.daysPastDue,
      maxDaysPastDue: rules.maxDaysPastDue,
      lifetimeMaxDaysPastDue: loan.maxDaysPastDue,
      lifetimeTolerance: rules.maxLifetimeDaysPastDue,
    }),
  );

  // 6. 生产经营正常：近几个月均有销售，近半年销售不低于前半年的一定比例
  const m = profile.monthly;
  const n = m.length;
  const idle = m
    .slice(n - rules.salesMonths)
    .filter((x) => fen(x.vatSales) <= 0n)
    .map((x) => x.month);
  const last6 = salesOf(m, Math.max(0, n - 6), n);
  const prev6 = salesOf(m, Math.max(0, n - 12), Math.max(0, n - 6));
  const sharePct = prev6 > 0n ? Number((last6 * 100n) / prev6) : null;
  let operating: Bilingual | null = null;
  if (idle.length > 0) {
    operating = {
      zh: `近 ${rules.salesMonths} 个月中 ${idle.join('、')} 无增值税申报销售，经营不正常。`,
      en: `No VAT-declared sales in ${idle.join(', ')} (the last ${rules.salesMonths} months): not operating normally.`,
    };
  } else if (sharePct !== null && sharePct < rules.minHalfYearSalesPercent) {
    operating = {
      zh: `近 6 个月销售 ${formatMoney(last6)} 元，仅为前 6 个月 ${formatMoney(prev6)} 元的 ${sharePct}%（不低于 ${rules.minHalfYearSalesPercent}%）。`,
      en: `Sales of the last 6 months, ${formatMoney(last6)} yuan, are ${sharePct}% of the 6 before (${formatMoney(prev6)} yuan); at least ${rules.minHalfYearSalesPercent}% is needed.`,
    };
  }
  conditions.push(
    condition('operating_normally', operating, {
      monthsWithoutSales: idle.length,
      salesLast6m: formatMoney(last6),
      salesPrev6m: formatMoney(prev6),
      sharePercent: sharePct,
      minSharePercent: rules.minHalfYearSalesPercent,
    }),
  );

  // 7. 依法合规经营，非僵尸企业
  const inflow = m.slice(n - rules.salesMonths).reduce((s, x) => s + fen(x.settlementInflow), 0n);
  const lawful: string[][] = [];
  if (profile.publicFlags.abnormalOperation) lawful.push(['被列入经营异常名录', 'on the abnormal-operation list']);
  if (profile.taxRating === 'D') lawful.push(['纳税信用等级为 D 级', 'tax credit rating D']);
  if (profile.insuredHeadcount < rules.minInsuredHeadcount)
    lawful.push([`参保人数 ${profile.insuredHeadcount} 人`, `${profile.insuredHeadcount} insured staff`]);
  if (inflow <= 0n)
    lawful.push([
      `近 ${rules.salesMonths} 个月无结算流入`,
      `no settlement inflow in the last ${rules.salesMonths} months`,
    ]);
  conditions.push(
    condition(
      'lawful_not_zombie',
      lawful.length
        ? {
            zh: `企业${lawful.map((x) => x[0]).join('，')}。`,
            en: `Findings on the enterprise: ${lawful.map((x) => x[1]).join('; ')}.`,
          }
        : null,
      {
        abnormalOperation: profile.publicFlags.abnormalOperation,
        taxRating: profile.taxRating,
        insuredHeadcount: profile.insuredHeadcount,
        settlementInflow: formatMoney(inflow),
      },
    ),
  );

  // 8. 信用良好，无逃废债
  const b = profile.bureau;
  const credit: string[][] = [];
  if (profile.publicFlags.courtEnforcement) credit.push(['被列为被执行人', 'subject to court enforcement']);
  if (b.overdueCount12m > rules.maxBureauOverdueCount12m)
    credit.push([
      `征信近 12 个月逾期 ${b.overdueCount12m} 期（容许 ${rules.maxBureauOverdueCount12m} 期）`,
      `${b.overdueCount12m} overdue instalments in 12 months at any lender (tolerance ${rules.maxBureauOverdueCount12m})`,
    ]);
  if (b.maxOverdueDays24m > rules.maxBureauOverdueDays24m)
    credit.push([
      `征信近 24 个月最长逾期 ${b.maxOverdueDays24m} 天（容许 ${rules.maxBureauOverdueDays24m} 天）`,
      `a ${b.maxOverdueDays24m}-day overdue spell in 24 months (tolerance ${rules.maxBureauOverdueDays24m})`,
    ]);
  conditions.push(
    condition(
      'credit_record',
      credit.length
        ? {
            zh: `借款人${credit.map((x) => x[0]).join('，')}。`,
            en: `Findings on the borrower: ${credit.map((x) => x[1]).join('; ')}.`,
          }
        : null,
      {
        courtEnforcement: profile.publicFlags.courtEnforcement,
        overdueCount12m: b.overdueCount12m,
        maxOverdueDays24m: b.maxOverdueDays24m,
      },
    ),
  );

  // 9. 无未解除的高风险预警
  const blocking = input.openSignals.filter((s) => rules.blockingSignalSeverities.includes(s.severity));
  conditions.push(
    condition(
      'no_open_warning',
      blocking.length
        ? {
            zh: `贷款有未解除的高风险预警：${blocking.map((s) => signalWords(s.code).zh).join('、')}。`,
            en: `The loan has open high-severity warnings: ${blocking.map((s) => signalWords(s.code).en).join(', ')}.`,
          }
        : null,
      { openSignals: input.openSignals.length, blocking: blocking.map((s) => s.code).join(',') },
    ),
  );

  // 10. 符合新发放贷款的条件（准入、负面清单）
  conditions.push(
    condition(
      'new_loan_standard',
      input.newLoanStandard.passed
        ? null
        : {
            zh: `按新发放贷款的准入标准和负面清单，未通过：${input.newLoanStandard.failed.map((f) => f.zh).join('；')}。`,
            en: `Against the admission standard and the negative list for a new loan it fails: ${input.newLoanStandard.failed.map((f) => f.en).join('; ')}.`,
          },
      { failedCount: input.newLoanStandard.failed.length },
    ),
  );

  const blocked = renewalBlock(loan);
  return {
    ruleVersion: rules.version,
    source: rules.source,
    asOf: today,
    loanId: loan.id,
    blocked,
    noPrincipalRenewal: { allowed: blocked === null && conditions.every((c) => c.passed), conditions },
    renewalAmount: formatMoney(loan.balance > 0n ? loan.balance : 0n),
  };
}
