/**
 * How the engine's outcomes read to a person: the fact a rule saw and its threshold in words and units
 * ("650,126 元" against "不少于 500,000 元", "以 K701（房地产开发经营）… 开头"), and the scorecard's
 * reasons with their values formatted ("近 12 个月销售额偏低（650,126 元）", a ratio without a base as
 * "—"). Labels only: nothing here changes what a rule or the scorecard decides. Pure, for the screens
 * and main's reports alike.
 */
import { groupMoney } from '../money/group';
import { industryLabel, industrySectionName } from '../reference/industries';
import type { FactValue, Operator } from './conditions';
import { FEATURE_CAP_BP, type RatioFeature } from './features';
import type { Bilingual } from './grades';
import { POLICY_EXCEPTION_NAMES, policyExceptionNames } from './policy-exceptions';
import { DEFAULT_RULE_SET } from './rule-set';
import { FACTORS } from './scorecard';

/** The scorecard's factors as far as their words go. */
const FACTOR_WORDS = FACTORS as readonly { id: string; code: string; why: Bilingual }[];

export type Lang = 'zh' | 'en';

/** What a fact measures, which decides how its value is written. */
export type FactUnit =
  | 'yuan'
  | 'months'
  | 'days'
  | 'times'
  | 'people'
  | 'bp'
  | 'percent'
  | 'flag'
  | 'rating'
  | 'industry'
  | 'section'
  | 'size';

/** The unit of every fact the admission rules and the negative list read (shared/credit/features.ts, assess.ts). */
export const FACT_UNITS: Readonly<Record<string, FactUnit>> = {
  monthsInBusiness: 'months',
  taxRating: 'rating',
  annualSalesYuan: 'yuan',
  salesTrendBp: 'bp',
  inflowCvBp: 'bp',
  debtToSalesBp: 'bp',
  loansOutstandingYuan: 'yuan',
  overdueCount12m: 'times',
  maxOverdueDays24m: 'days',
  inquiries6m: 'times',
  courtEnforcement: 'flag',
  adminPenalties: 'times',
  abnormalOperation: 'flag',
  industrySection: 'section',
  industryCode: 'industry',
  sizeClass: 'size',
  dataCompleteness: 'percent',
  dataAgeDays: 'days',
  insuredHeadcount: 'people',
  amountYuan: 'yuan',
  amountToSalesBp: 'bp',
};

/** Shown where a figure has no meaning: a ratio without a base, a missing fact. */
export const NO_FIGURE = '—';

const W = {
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  sizes: {
    micro: { zh: '微型', en: 'micro' },
    small: { zh: '小型', en: 'small' },
    medium: { zh: '中型', en: 'medium' },
  } as Record<string, Bilingual>,
} as const;

/** Basis points as a percent with two places, exactly: 3383 → "33.83%", -250 → "-2.50%". */
export function bpPercent(bp: number): string {
  const a = Math.abs(Math.trunc(bp));
  return `${bp < 0 ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}%`;
}

/** The engine's cap of a ratio (FEATURE_CAP_BP) as a percent: "999.99%". */
export const RATIO_CAP_PERCENT = bpPercent(FEATURE_CAP_BP);

/** A percent as shown: a ratio at the engine's cap reads as the bound it is ("≥ 999.99%"), the real figure being that or more. */
export const percentShown = (percent: string): string => (percent === RATIO_CAP_PERCENT ? `≥ ${percent}` : percent);

/**
 * The facts whose ratio has no base for this profile, by fact name: the engine scores them at a cap,
 * but there is no figure to show. `amountToSalesBp` shares its base (the last 12 months' sales) with
 * `debtToSalesBp`.
 */
export function factsWithoutBase(ratios: ReadonlySet<RatioFeature>): Set<string> {
  const out = new Set<string>(ratios);
  if (ratios.has('debtToSalesBp')) out.add('amountToSalesBp');
  return out;
}

/** One value of a fact in its unit: "650,126 元", "67 个月", "3 次", "33.83%", "是", "A 级". */
export function formatFact(value: FactValue | null | undefined, unit: FactUnit | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return NO_FIGURE;
  const en = lang === 'en';
  if (typeof value === 'boolean') return value ? W.yes[lang] : W.no[lang];
  const n = typeof value === 'number' ? value : Number(value);
  const num = typeof value === 'number' || (value.trim() !== '' && Number.isFinite(n));
  switch (unit) {
    case 'yuan':
      return num && Number.isInteger(n) ? `${groupMoney(String(n))} ${en ? 'yuan' : '元'}` : String(value);
    case 'months':
      return num ? (en ? `${n} month${n === 1 ? '' : 's'}` : `${n} 个月`) : String(value);
    case 'days':
      return num ? (en ? `${n} day${n === 1 ? '' : 's'}` : `${n} 天`) : String(value);
    case 'times':
      return num ? (en ? `${n} time${n === 1 ? '' : 's'}` : `${n} 次`) : String(value);
    case 'people':
      return num ? (en ? `${n} ${n === 1 ? 'person' : 'people'}` : `${n} 人`) : String(value);
    case 'bp':
      return num ? percentShown(bpPercent(n)) : String(value);
    case 'percent':
      return num ? `${n}%` : String(value);
    case 'rating':
      return en ? `grade ${value}` : `${value} 级`;
    case 'industry':
      return industryLabel(String(value), lang);
    case 'section': {
      const name = industrySectionName(String(value), lang);
      return name ? `${value} ${name}` : String(value);
    }
    case 'size':
      return W.sizes[String(value)]?.[lang] ?? String(value);
    default:
      return typeof value === 'number' ? groupMoney(String(value)) : String(value);
  }
}

/** The words before (and after) a threshold, per operator. */
const OPERATOR_WORDS: Record<Operator, { zh: [string, string]; en: [string, string] }> = {
  gte: { zh: ['不少于', ''], en: ['at least', ''] },
  lte: { zh: ['不超过', ''], en: ['at most', ''] },
  gt: { zh: ['超过', ''], en: ['more than', ''] },
  lt: { zh: ['少于', ''], en: ['less than', ''] },
  eq: { zh: ['为', ''], en: ['is', ''] },
  in: { zh: ['属于', ''], en: ['one of', ''] },
  notIn: { zh: ['不属于', ''], en: ['none of', ''] },
  startsWithAny: { zh: ['以', '开头'], en: ['starts with', ''] },
};

/** A threshold in words: "不少于 500,000 元", "属于 A、B、M 级", "以 K701（房地产开发经营）、J69（其他金融业）开头", "为 是". */
export function formatThreshold(
  operator: Operator,
  value: FactValue | readonly string[],
  unit: FactUnit | undefined,
  lang: Lang,
): string {
  const [before, after] = OPERATOR_WORDS[operator][lang];
  const sep = lang === 'en' ? ', ' : '、';
  let shown: string;
  if (Array.isArray(value)) {
    const list = value as readonly string[];
    if (unit === 'rating') shown = lang === 'en' ? `grade ${list.join(sep)}` : `${list.join(sep)} 级`;
    else if (operator === 'startsWithAny' || unit === 'industry')
      shown = list.map((c) => industryLabel(c, lang)).join(sep);
    else shown = list.map((v) => formatFact(v, unit, lang)).join(sep);
  } else {
    shown = formatFact(value as FactValue, unit, lang);
  }
  return [before, shown, after].filter(Boolean).join(' ');
}

const SYMBOLS: Readonly<Record<string, Operator>> = {
  '≥': 'gte',
  '≤': 'lte',
  '>': 'gt',
  '<': 'lt',
  '=': 'eq',
  '∈': 'in',
  '∉': 'notIn',
  'starts with': 'startsWithAny',
};
const LIST_OPERATORS: readonly Operator[] = ['in', 'notIn', 'startsWithAny'];

/**
 * A threshold as stored on an outcome (`describeThreshold`: "≥ 500000", "∈ A,B,M", "= true",
 * "starts with K701,J69") back into its operator and value; null when it is not one of those.
 */
export function parseThreshold(s: string): { operator: Operator; value: FactValue | readonly string[] } | null {
  const m = /^(≥|≤|>|<|=|∈|∉|starts with) (.*)$/s.exec(s.trim());
  if (!m) return null;
  const operator = SYMBOLS[m[1]!]!;
  const raw = m[2]!;
  if (LIST_OPERATORS.includes(operator)) return { operator, value: raw === '' ? [] : raw.split(',') };
  if (raw === 'true' || raw === 'false') return { operator, value: raw === 'true' };
  if (/^-?\d+(\.\d+)?$/.test(raw)) return { operator, value: Number(raw) };
  return { operator, value: raw };
}

/** An admission or negative-list outcome as the engine records it (shared/credit/admission.ts, negative-list.ts). */
export interface StoredOutcome {
  fact?: string;
  seen?: unknown;
  threshold?: string;
  condition?: string;
}

/**
 * The value a rule saw and its threshold, in words and units. `withoutBase` names facts whose ratio has
 * no base for this enterprise (see `factsWithoutBase`): their value reads "—".
 */
export function describeOutcome(
  o: StoredOutcome,
  lang: Lang,
  withoutBase: ReadonlySet<string> = new Set(),
): { seen: string; threshold: string } {
  const unit = o.fact ? FACT_UNITS[o.fact] : undefined;
  const seenValue =
    typeof o.seen === 'number' || typeof o.seen === 'string' || typeof o.seen === 'boolean' ? o.seen : null;
  const seen = o.fact && withoutBase.has(o.fact) ? NO_FIGURE : formatFact(seenValue, unit, lang);
  const stored = o.threshold ?? o.condition ?? '';
  const parsed = parseThreshold(stored);
  return { seen, threshold: parsed ? formatThreshold(parsed.operator, parsed.value, unit, lang) : stored };
}

/** The scorecard factors whose value is a ratio, by the feature that holds it. */
const RATIO_FACTORS: Readonly<Record<string, RatioFeature>> = {
  sales_trend: 'salesTrendBp',
  inflow_stability: 'inflowCvBp',
  debt_to_sales: 'debtToSalesBp',
};

/** The ratio feature a scorecard reason code reports, if any (for matching "no base"). */
export function reasonRatio(code: string): RatioFeature | null {
  const f = FACTOR_WORDS.find((x) => x.code === code);
  return f ? (RATIO_FACTORS[f.id] ?? null) : null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The value a reason's text was made with, read back through its factor's template (when only the text is kept). */
function valueFromText(template: string, text: string): string | null {
  const [head, tail] = template.split('{v}');
  if (tail === undefined) return null;
  const m = new RegExp(`^${escapeRe(head!)}(.*)${escapeRe(tail)}$`, 's').exec(text);
  return m ? m[1]! : null;
}

/** A factor's value (as the scorecard shows it) in words for people. */
function reasonValue(factorId: string, value: string, lang: Lang): string {
  const en = lang === 'en';
  switch (factorId) {
    case 'years_in_business': {
      const m = /^(\d+)y(\d+)m$/.exec(value);
      if (!m) return value;
      const [y, mo] = [Number(m[1]), Number(m[2])];
      if (en)
        return [y ? `${y} year${y === 1 ? '' : 's'}` : '', mo || !y ? `${mo} month${mo === 1 ? '' : 's'}` : '']
          .filter(Boolean)
          .join(' ');
      return [y ? `${y} 年` : '', mo || !y ? `${mo} 个月` : ''].filter(Boolean).join(' ');
    }
    case 'tax_rating':
      return en ? `grade ${value}` : value;
    case 'sales_level':
      return /^\d+$/.test(value) ? groupMoney(value) : value;
    case 'overdue_history': {
      const m = /^(\d+)\/(\d+)d$/.exec(value);
      if (!m) return value;
      return en ? `${m[1]} in 12 months, longest ${m[2]} days` : `${m[1]} 次，最长 ${m[2]} 天`;
    }
    case 'public_flags': {
      const m = /^enforcement=(\d+) penalties=(\d+) abnormal=(\d+)$/.exec(value);
      if (!m) return value;
      const parts: string[] = [];
      if (m[1] !== '0') parts.push(en ? 'court enforcement' : '被执行人');
      if (m[2] !== '0') parts.push(en ? `${m[2]} administrative penalties` : `行政处罚 ${m[2]} 次`);
      if (m[3] !== '0') parts.push(en ? 'abnormal operation list' : '经营异常名录');
      return parts.length ? parts.join(en ? ', ' : '、') : en ? 'none' : '无';
    }
    case 'industry_risk': {
      const name = industrySectionName(value, lang);
      return name ? `${value} ${name}` : value;
    }
    default:
      // A ratio (sales trend, inflow variation, debt to sales) at the engine's cap is a bound, not a figure.
      return RATIO_FACTORS[factorId] ? percentShown(value) : value;
  }
}

/** The templates of the scorecard's reasons, as a person reads them (the engine's own where they already read well). */
const REASON_TEMPLATES: Readonly<Record<string, Bilingual>> = {
  overdue_history: { zh: '存在逾期记录（近 12 个月 {v}）', en: 'Overdue record ({v})' },
  public_flags: { zh: '存在公共负面信息（{v}）', en: 'Public negative records ({v})' },
};

/** A scorecard reason as stored: on a case (`value`, `factor`) or in a comparison (only the texts). */
export interface StoredReason {
  code: string;
  factor?: string;
  value?: string;
  text: Bilingual;
}

/**
 * A scorecard reason in words: its value formatted ("650,126 元", "2 次，最长 30 天"), a ratio without a
 * base as "—" (`withoutBase` holds the ratio features without one). Unknown codes keep their text.
 */
export function reasonText(r: StoredReason, lang: Lang, withoutBase: ReadonlySet<string> = new Set()): string {
  const f = FACTOR_WORDS.find((x) => x.code === r.code);
  if (!f) return r.text[lang];
  const raw = r.value ?? valueFromText(f.why[lang], r.text[lang]) ?? valueFromText(f.why.zh, r.text.zh);
  if (raw === null) return r.text[lang];
  const ratio = RATIO_FACTORS[f.id];
  const v = ratio && withoutBase.has(ratio) ? NO_FIGURE : reasonValue(f.id, raw, lang);
  return (REASON_TEMPLATES[f.id] ?? f.why)[lang].replace('{v}', v);
}

/** Any policy-exception code as a word of a stored text (the codes are plain snake_case words). */
const EXCEPTION_CODE_IN_TEXT = new RegExp(`\\b(?:${Object.keys(POLICY_EXCEPTION_NAMES).join('|')})\\b`, 'g');

/**
 * A routing reason as people read it: policy-exception codes that reasons stored before the engine named
 * them ("存在须上会的政策例外：related_party") read as their names ("关联方").
 */
export function routingReasonText(reason: Bilingual, lang: Lang): string {
  return reason[lang].replace(EXCEPTION_CODE_IN_TEXT, (code) => policyExceptionNames([code], lang));
}

/**
 * Groups the amounts in an engine text ("金额 3000000.00 元" → "金额 3,000,000.00 元"): whole numbers of five
 * or more digits and amounts with two decimals; dates, ids and codes are left as they are.
 */
export function groupAmountsInText(text: string): string {
  return text.replace(/(?<![\w.,:/-])(\d+)(\.\d{2})?(?![\w:/-]|\.\d)/g, (m, int: string, dec: string | undefined) =>
    int.length >= 5 || (dec !== undefined && int.length >= 4) ? groupMoney(m) : m,
  );
}

/** Codes older sandbox data used for an approver's decline, by the scorecard reason they stand for. */
export const REASON_CODE_ALIASES: Readonly<Record<string, string>> = {
  SC_SALES_TREND: 'SC_SALES_DECLINING',
  SC_LEVERAGE: 'SC_DEBT_HIGH',
};

/** The scorecard code a (possibly older) reason code stands for. */
export const canonicalReason = (code: string): string => REASON_CODE_ALIASES[code] ?? code;

/** A scorecard reason's text without its figure: "结算流入波动大（变异系数 {v}）" → "结算流入波动大". */
const withoutFigure = (why: string) =>
  why
    .replace(/\s*[（(][^（()）]*\{v\}[^（()）]*[）)]/, '')
    .replace('{v}', '')
    .trim();

/**
 * A reason code in words where no figure is at hand: a failed admission rule, a negative-list hit or a
 * scorecard reason (older aliases included); null for codes this module does not know.
 */
export function reasonName(code: string, lang: Lang): string | null {
  const c = canonicalReason(code);
  const adm = DEFAULT_RULE_SET.admission.find((r) => r.id === c);
  if (adm) return lang === 'en' ? `Admission not met: ${adm.text.en}` : `不满足准入：${adm.text.zh}`;
  const neg = DEFAULT_RULE_SET.negativeList.find((r) => r.id === c);
  if (neg) return lang === 'en' ? `Negative list: ${neg.text.en}` : `负面清单：${neg.text.zh}`;
  const f = FACTOR_WORDS.find((x) => x.code === c);
  return f ? withoutFigure(f.why[lang]) : null;
}
