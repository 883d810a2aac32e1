import { describe, expect, it } from 'vitest';
import { ADMISSION_RULES_2025, evaluateAdmission } from './admission';
import { describeThreshold } from './conditions';
import {
  bpPercent,
  describeOutcome,
  FACT_UNITS,
  factsWithoutBase,
  formatFact,
  formatThreshold,
  groupAmountsInText,
  parseThreshold,
  reasonName,
  reasonText,
  routingReasonText,
} from './describe';
import { NEGATIVE_LIST_2025 } from './negative-list';
import { FACTORS } from './scorecard';

describe('facts in their units', () => {
  it('money with separators and 元, months, days, counts, ratios, flags, ratings', () => {
    expect(formatFact(650126, 'yuan', 'zh')).toBe('650,126 元');
    expect(formatFact(650126, 'yuan', 'en')).toBe('650,126 yuan');
    expect(formatFact(67, 'months', 'zh')).toBe('67 个月');
    expect(formatFact(1, 'months', 'en')).toBe('1 month');
    expect(formatFact(12, 'days', 'zh')).toBe('12 天');
    expect(formatFact(3, 'times', 'zh')).toBe('3 次');
    expect(formatFact(2, 'times', 'en')).toBe('2 times');
    expect(formatFact(15, 'people', 'zh')).toBe('15 人');
    expect(formatFact(3383, 'bp', 'zh')).toBe('33.83%');
    expect(formatFact(-250, 'bp', 'zh')).toBe('-2.50%');
    expect(formatFact(85, 'percent', 'zh')).toBe('85%');
    expect(formatFact(true, 'flag', 'zh')).toBe('是');
    expect(formatFact(false, 'flag', 'zh')).toBe('否');
    expect(formatFact(false, 'flag', 'en')).toBe('No');
    expect(formatFact('B', 'rating', 'zh')).toBe('B 级');
    expect(formatFact('C3484', 'industry', 'zh')).toBe('机械零部件加工（C3484）');
    expect(formatFact('C3484', 'industry', 'en')).toBe('Machining of mechanical parts (C3484)');
    expect(formatFact('C', 'section', 'zh')).toBe('C 制造业');
    expect(formatFact('small', 'size', 'zh')).toBe('小型');
    expect(formatFact(null, 'yuan', 'zh')).toBe('—');
    expect(bpPercent(99_999)).toBe('999.99%');
  });

  it('every fact a rule reads has a unit', () => {
    for (const r of [...ADMISSION_RULES_2025, ...NEGATIVE_LIST_2025]) expect(FACT_UNITS[r.fact], r.id).toBeDefined();
  });
});

describe('thresholds in words', () => {
  it('each operator', () => {
    expect(formatThreshold('gte', 500_000, 'yuan', 'zh')).toBe('不少于 500,000 元');
    expect(formatThreshold('gte', 24, 'months', 'en')).toBe('at least 24 months');
    expect(formatThreshold('lte', 5_000, 'bp', 'zh')).toBe('不超过 50.00%');
    expect(formatThreshold('lt', 90, 'days', 'zh')).toBe('少于 90 天');
    expect(formatThreshold('gt', 2, 'times', 'zh')).toBe('超过 2 次');
    expect(formatThreshold('eq', true, 'flag', 'zh')).toBe('为 是');
    expect(formatThreshold('eq', 'D', 'rating', 'zh')).toBe('为 D 级');
    expect(formatThreshold('in', ['A', 'B', 'M'], 'rating', 'zh')).toBe('属于 A、B、M 级');
    expect(formatThreshold('in', ['A', 'B', 'M'], 'rating', 'en')).toBe('one of grade A, B, M');
    expect(formatThreshold('notIn', ['micro'], 'size', 'zh')).toBe('不属于 微型');
    expect(formatThreshold('startsWithAny', ['K701', 'J69'], 'industry', 'zh')).toBe(
      '以 房地产开发经营（K701）、其他金融业（J69） 开头',
    );
    expect(formatThreshold('startsWithAny', ['K701'], 'industry', 'en')).toBe(
      'starts with Real estate development (K701)',
    );
  });

  it('reads back every threshold the engine writes', () => {
    for (const r of [...ADMISSION_RULES_2025, ...NEGATIVE_LIST_2025]) {
      const p = parseThreshold(describeThreshold(r));
      expect(p, r.id).toEqual({ operator: r.operator, value: r.value });
    }
    expect(parseThreshold('about 3')).toBeNull();
  });
});

describe('outcomes as the case view shows them', () => {
  it('admission rules: the value seen and the standard, no raw symbols or bare numbers', () => {
    const { outcomes } = evaluateAdmission(ADMISSION_RULES_2025, {
      monthsInBusiness: 67,
      taxRating: 'B',
      annualSalesYuan: 650_126,
      maxOverdueDays24m: 0,
      overdueCount12m: 1,
      inquiries6m: 4,
      dataCompleteness: 85,
      dataAgeDays: 12,
      amountToSalesBp: 3_383,
    });
    const shown = Object.fromEntries(outcomes.map((o) => [o.id, describeOutcome(o, 'zh')]));
    expect(shown.ADM_YEARS_IN_BUSINESS).toEqual({ seen: '67 个月', threshold: '不少于 24 个月' });
    expect(shown.ADM_TAX_RATING).toEqual({ seen: 'B 级', threshold: '属于 A、B、M 级' });
    expect(shown.ADM_ANNUAL_SALES).toEqual({ seen: '650,126 元', threshold: '不少于 500,000 元' });
    expect(shown.ADM_NO_SERIOUS_OVERDUE).toEqual({ seen: '0 天', threshold: '少于 90 天' });
    expect(shown.ADM_OVERDUE_COUNT).toEqual({ seen: '1 次', threshold: '不超过 3 次' });
    expect(shown.ADM_DATA_COMPLETENESS).toEqual({ seen: '85%', threshold: '不少于 60%' });
    expect(shown.ADM_DATA_FRESH).toEqual({ seen: '12 天', threshold: '不超过 45 天' });
    expect(shown.ADM_AMOUNT_TO_SALES).toEqual({ seen: '33.83%', threshold: '不超过 50.00%' });
  });

  it('negative list: booleans as 是/否, the industry by name', () => {
    const court = NEGATIVE_LIST_2025.find((r) => r.id === 'NEG_COURT_ENFORCEMENT')!;
    expect(describeOutcome({ fact: court.fact, seen: false, condition: describeThreshold(court) }, 'zh')).toEqual({
      seen: '否',
      threshold: '为 是',
    });
    const industry = NEGATIVE_LIST_2025.find((r) => r.id === 'NEG_INDUSTRY')!;
    const d = describeOutcome({ fact: 'industryCode', seen: 'A0141', condition: describeThreshold(industry) }, 'zh');
    expect(d.seen).toBe('蔬菜种植（A0141）');
    expect(d.threshold).toMatch(/^以 房地产开发经营（K701）、其他金融业（J69）、.*彩票活动（R904） 开头$/);
    expect(d.threshold).not.toMatch(/starts with|,/);
  });

  it('a ratio without a base reads "—", not the engine cap', () => {
    const rule = ADMISSION_RULES_2025.find((r) => r.id === 'ADM_AMOUNT_TO_SALES')!;
    const o = { fact: rule.fact, seen: 99_999, threshold: describeThreshold(rule) };
    expect(describeOutcome(o, 'zh').seen).toBe('≥ 999.99%');
    const none = factsWithoutBase(new Set(['debtToSalesBp'] as const));
    expect(describeOutcome(o, 'zh', none)).toEqual({ seen: '—', threshold: '不超过 50.00%' });
  });

  it('unknown shapes fall back to what was stored', () => {
    expect(describeOutcome({ fact: 'somethingNew', seen: 7, threshold: 'custom' }, 'zh')).toEqual({
      seen: '7',
      threshold: 'custom',
    });
  });
});

describe('scorecard reasons in words', () => {
  const why = (code: string) => FACTORS.find((f) => f.code === code)!.why;
  const stored = (code: string, value: string) => {
    const w = why(code);
    return { code, value, text: { zh: w.zh.replace('{v}', value), en: w.en.replace('{v}', value) } };
  };

  it('money grouped, periods and counts in words', () => {
    expect(reasonText(stored('SC_SALES_LOW', '650126'), 'zh')).toBe('近 12 个月销售额偏低（650,126 元）');
    expect(reasonText(stored('SC_YEARS_SHORT', '2y3m'), 'zh')).toBe('经营年限较短（2 年 3 个月）');
    expect(reasonText(stored('SC_YEARS_SHORT', '2y0m'), 'en')).toBe('Short time in business (2 years)');
    expect(reasonText(stored('SC_OVERDUE_HISTORY', '2/30d'), 'zh')).toBe('存在逾期记录（近 12 个月 2 次，最长 30 天）');
    expect(reasonText(stored('SC_PUBLIC_FLAGS', 'enforcement=0 penalties=2 abnormal=1'), 'zh')).toBe(
      '存在公共负面信息（行政处罚 2 次、经营异常名录）',
    );
    expect(reasonText(stored('SC_INDUSTRY_RISK', 'K'), 'zh')).toBe('所属行业风险较高（门类 K 房地产业）');
    expect(reasonText(stored('SC_INFLOW_VOLATILE', '56.20%'), 'zh')).toBe('结算流入波动大（变异系数 56.20%）');
  });

  it('a ratio at the engine cap (with a base) reads as the bound it is, not as the figure', () => {
    const r = stored('SC_INFLOW_VOLATILE', '999.99%');
    expect(reasonText(r, 'zh')).toBe('结算流入波动大（变异系数 ≥ 999.99%）');
    expect(reasonText(r, 'en')).toBe('Volatile settlement inflow (coefficient of variation ≥ 999.99%)');
    expect(reasonText(stored('SC_INFLOW_VOLATILE', '999.98%'), 'zh')).toBe('结算流入波动大（变异系数 999.98%）');
    expect(reasonText({ code: r.code, text: r.text }, 'zh')).toBe('结算流入波动大（变异系数 ≥ 999.99%）');
  });

  it('a ratio without a base shows "—" instead of the cap', () => {
    const r = stored('SC_INFLOW_VOLATILE', '999.99%');
    expect(reasonText(r, 'zh', new Set(['inflowCvBp']))).toBe('结算流入波动大（变异系数 —）');
    expect(reasonText(r, 'en', new Set(['inflowCvBp']))).toBe(
      'Volatile settlement inflow (coefficient of variation —)',
    );
    expect(reasonText(stored('SC_SALES_DECLINING', '0.00%'), 'zh', new Set(['salesTrendBp']))).toBe(
      '销售额下滑或增长乏力（—）',
    );
  });

  it('reads the value back from the text when only the texts were kept (a comparison)', () => {
    const { code, text } = stored('SC_SALES_LOW', '650126');
    expect(reasonText({ code, text }, 'en')).toBe('Low sales in the last 12 months (650,126 yuan)');
    const cv = stored('SC_INFLOW_VOLATILE', '999.99%');
    expect(reasonText({ code: cv.code, text: cv.text }, 'zh', new Set(['inflowCvBp']))).toBe(
      '结算流入波动大（变异系数 —）',
    );
    expect(reasonText({ code: 'XX_UNKNOWN', text: { zh: '其他', en: 'Other' } }, 'en')).toBe('Other');
  });
});

describe('routing reasons', () => {
  it('reads policy-exception codes stored in older reasons as their names', () => {
    const old = {
      zh: '存在须上会的政策例外：related_party',
      en: 'Policy exception requiring the committee: related_party',
    };
    expect(routingReasonText(old, 'zh')).toBe('存在须上会的政策例外：关联方');
    expect(routingReasonText(old, 'en')).toBe('Policy exception requiring the committee: related party');
    const two = {
      zh: '存在政策例外：guarantor_missing、rate_below_floor',
      en: 'Policy exception: guarantor_missing, rate_below_floor',
    };
    expect(routingReasonText(two, 'zh')).toBe('存在政策例外：缺少保证人、利率低于产品下限');
    const plain = { zh: '风险评级 E 须提交审贷会', en: 'Risk grade E goes to the committee' };
    expect(routingReasonText(plain, 'en')).toBe('Risk grade E goes to the committee');
  });
});

describe('amounts inside engine texts', () => {
  it('groups money and large counts, leaves dates, small numbers and codes alone', () => {
    expect(groupAmountsInText('金额 3000000.00 元达到审贷会标准 3000000.00 元')).toBe(
      '金额 3,000,000.00 元达到审贷会标准 3,000,000.00 元',
    );
    expect(groupAmountsInText('Amount 650126 yuan, grade B, data 85% complete')).toBe(
      'Amount 650,126 yuan, grade B, data 85% complete',
    );
    expect(groupAmountsInText('2025-12-01 APP-20251201-00042 C3484 1000.00 12.50%')).toBe(
      '2025-12-01 APP-20251201-00042 C3484 1,000.00 12.50%',
    );
  });
});

describe('decline reason codes without a figure', () => {
  it('admission, negative list, scorecard and older aliases in words; unknown codes null', () => {
    expect(reasonName('ADM_TAX_RATING', 'zh')).toBe('不满足准入：纳税信用等级为 A、B 或 M 级');
    expect(reasonName('NEG_INDUSTRY', 'en')).toBe('Negative list: The industry is on the excluded list');
    expect(reasonName('SC_INFLOW_VOLATILE', 'zh')).toBe('结算流入波动大');
    expect(reasonName('SC_SALES_TREND', 'zh')).toBe('销售额下滑或增长乏力');
    expect(reasonName('DEC_POLICY', 'zh')).toBeNull();
  });
});
