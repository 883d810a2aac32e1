/**
 * Enterprise size classes by industry — 《中小企业划型标准规定》(工信部联企业〔2011〕300号), as the
 * statistics bureau applies them with GB/T 4754-2017 codes (《统计上大中小微型企业划分办法（2017）》).
 *
 * Each industry family has its own indicators: 从业人员 X (staff), 营业收入 Y (annual operating revenue,
 * 万元) and, for some, 资产总额 Z (total assets, 万元). An enterprise is medium, small or micro when it is
 * below the family's upper bound on ANY of them; it is medium when it reaches the medium thresholds on
 * ALL of them, small when it reaches the small thresholds on all of them, and micro otherwise (below a
 * small threshold on any one). Thresholds are inclusive lower bounds ("X ≥ 300 且 Y ≥ 2000").
 */

export type SizeFamily =
  | 'agriculture'
  | 'industry'
  | 'construction'
  | 'wholesale'
  | 'retail'
  | 'transport'
  | 'warehousing'
  | 'postal'
  | 'accommodation'
  | 'catering'
  | 'telecom'
  | 'software'
  | 'real_estate_development'
  | 'property_management'
  | 'leasing_business'
  | 'other';

/** The size classes of the standard; 'large' is outside the SME products. */
export type StandardSizeClass = 'large' | 'medium' | 'small' | 'micro';

/** The indicators, each a lower bound (staff: people; revenue, assets: 万元). */
export interface Bounds {
  staff?: number;
  revenueWan?: number;
  assetsWan?: number;
}

export interface FamilyThresholds {
  family: SizeFamily;
  zh: string;
  en: string;
  /** Reaching ALL of these makes a large enterprise (below any one: SME). */
  large: Bounds;
  medium: Bounds;
  small: Bounds;
}

/** The thresholds, family by family (工信部联企业〔2011〕300号 第四条). */
export const SIZE_THRESHOLDS: Readonly<Record<SizeFamily, FamilyThresholds>> = {
  agriculture: {
    family: 'agriculture',
    zh: '农、林、牧、渔业',
    en: 'Agriculture, forestry, animal husbandry and fishery',
    large: { revenueWan: 20_000 },
    medium: { revenueWan: 500 },
    small: { revenueWan: 50 },
  },
  industry: {
    family: 'industry',
    zh: '工业',
    en: 'Industry (mining, manufacturing, utilities)',
    large: { staff: 1000, revenueWan: 40_000 },
    medium: { staff: 300, revenueWan: 2000 },
    small: { staff: 20, revenueWan: 300 },
  },
  construction: {
    family: 'construction',
    zh: '建筑业',
    en: 'Construction',
    large: { revenueWan: 80_000, assetsWan: 80_000 },
    medium: { revenueWan: 6000, assetsWan: 5000 },
    small: { revenueWan: 300, assetsWan: 300 },
  },
  wholesale: {
    family: 'wholesale',
    zh: '批发业',
    en: 'Wholesale',
    large: { staff: 200, revenueWan: 40_000 },
    medium: { staff: 20, revenueWan: 5000 },
    small: { staff: 5, revenueWan: 1000 },
  },
  retail: {
    family: 'retail',
    zh: '零售业',
    en: 'Retail',
    large: { staff: 300, revenueWan: 20_000 },
    medium: { staff: 50, revenueWan: 500 },
    small: { staff: 10, revenueWan: 100 },
  },
  transport: {
    family: 'transport',
    zh: '交通运输业',
    en: 'Transport',
    large: { staff: 1000, revenueWan: 30_000 },
    medium: { staff: 300, revenueWan: 3000 },
    small: { staff: 20, revenueWan: 200 },
  },
  warehousing: {
    family: 'warehousing',
    zh: '仓储业',
    en: 'Warehousing',
    large: { staff: 200, revenueWan: 30_000 },
    medium: { staff: 100, revenueWan: 1000 },
    small: { staff: 20, revenueWan: 100 },
  },
  postal: {
    family: 'postal',
    zh: '邮政业',
    en: 'Postal services',
    large: { staff: 1000, revenueWan: 30_000 },
    medium: { staff: 300, revenueWan: 2000 },
    small: { staff: 20, revenueWan: 100 },
  },
  accommodation: {
    family: 'accommodation',
    zh: '住宿业',
    en: 'Accommodation',
    large: { staff: 300, revenueWan: 10_000 },
    medium: { staff: 100, revenueWan: 2000 },
    small: { staff: 10, revenueWan: 100 },
  },
  catering: {
    family: 'catering',
    zh: '餐饮业',
    en: 'Catering',
    large: { staff: 300, revenueWan: 10_000 },
    medium: { staff: 100, revenueWan: 2000 },
    small: { staff: 10, revenueWan: 100 },
  },
  telecom: {
    family: 'telecom',
    zh: '信息传输业',
    en: 'Information transmission',
    large: { staff: 2000, revenueWan: 100_000 },
    medium: { staff: 100, revenueWan: 1000 },
    small: { staff: 10, revenueWan: 100 },
  },
  software: {
    family: 'software',
    zh: '软件和信息技术服务业',
    en: 'Software and IT services',
    large: { staff: 300, revenueWan: 10_000 },
    medium: { staff: 100, revenueWan: 1000 },
    small: { staff: 10, revenueWan: 50 },
  },
  real_estate_development: {
    family: 'real_estate_development',
    zh: '房地产开发经营',
    en: 'Real estate development',
    large: { revenueWan: 200_000, assetsWan: 10_000 },
    medium: { revenueWan: 1000, assetsWan: 5000 },
    small: { revenueWan: 100, assetsWan: 2000 },
  },
  property_management: {
    family: 'property_management',
    zh: '物业管理',
    en: 'Property management',
    large: { staff: 1000, revenueWan: 5000 },
    medium: { staff: 300, revenueWan: 1000 },
    small: { staff: 100, revenueWan: 500 },
  },
  leasing_business: {
    family: 'leasing_business',
    zh: '租赁和商务服务业',
    en: 'Leasing and business services',
    large: { staff: 300, assetsWan: 120_000 },
    medium: { staff: 100, assetsWan: 8000 },
    small: { staff: 10, assetsWan: 100 },
  },
  other: {
    family: 'other',
    zh: '其他未列明行业',
    en: 'Other industries not listed',
    large: { staff: 300 },
    medium: { staff: 100 },
    small: { staff: 10 },
  },
};

/**
 * The family of a GB/T 4754-2017 code (a section letter followed by digits, e.g. 'C3484'): A → agriculture;
 * B, C, D → industry; E → construction; F51 wholesale, F52 retail; G54–G58 and G591 (装卸搬运) transport
 * (railway transport G53 is outside the standard and falls to 'other'), G59 otherwise warehousing, G60
 * postal; H61 accommodation, H62 catering; I63–I64 telecom, I65 software; K701 real estate development,
 * K702 property management; L leasing and business services; everything else 'other'.
 */
export function sizeFamilyOf(industryCode: string): SizeFamily {
  const section = industryCode.charAt(0);
  const division = Number(industryCode.slice(1, 3));
  switch (section) {
    case 'A':
      return 'agriculture';
    case 'B':
    case 'C':
    case 'D':
      return 'industry';
    case 'E':
      return 'construction';
    case 'F':
      return division === 52 ? 'retail' : 'wholesale';
    case 'G':
      if (division >= 54 && division <= 58) return 'transport';
      if (division === 59) return industryCode.slice(1, 4) === '591' ? 'transport' : 'warehousing';
      if (division === 60) return 'postal';
      return 'other';
    case 'H':
      return division === 61 ? 'accommodation' : 'catering';
    case 'I':
      return division === 65 ? 'software' : 'telecom';
    case 'K':
      if (industryCode.startsWith('K701')) return 'real_estate_development';
      if (industryCode.startsWith('K702')) return 'property_management';
      return 'other';
    case 'L':
      return 'leasing_business';
    default:
      return 'other';
  }
}

export interface SizeFacts {
  industryCode: string;
  /** 从业人员 (people); null when unknown. */
  staff: number | null;
  /** Annual operating revenue (营业收入) in yuan; null when unknown. */
  revenueYuan: number | null;
  /** Total assets (资产总额) in yuan; null when unknown. */
  assetsYuan: number | null;
}

export interface SizeClassification {
  sizeClass: StandardSizeClass;
  family: SizeFamily;
  /** Indicators the family uses that were unknown (the class rests on the others). */
  missing: ('staff' | 'revenue' | 'assets')[];
}

const WAN = 10_000;

/** Whether the facts reach every bound (unknown indicators are passed over). */
function reaches(b: Bounds, f: SizeFacts): boolean {
  if (b.staff !== undefined && f.staff !== null && f.staff < b.staff) return false;
  if (b.revenueWan !== undefined && f.revenueYuan !== null && f.revenueYuan < b.revenueWan * WAN) return false;
  if (b.assetsWan !== undefined && f.assetsYuan !== null && f.assetsYuan < b.assetsWan * WAN) return false;
  return true;
}

/** The size class of an enterprise by its industry's thresholds. */
export function classifySize(f: SizeFacts): SizeClassification {
  const family = sizeFamilyOf(f.industryCode);
  const t = SIZE_THRESHOLDS[family];
  const missing: SizeClassification['missing'] = [];
  if (t.small.staff !== undefined && f.staff === null) missing.push('staff');
  if (t.small.revenueWan !== undefined && f.revenueYuan === null) missing.push('revenue');
  if (t.small.assetsWan !== undefined && f.assetsYuan === null) missing.push('assets');
  const sizeClass: StandardSizeClass = reaches(t.large, f)
    ? 'large'
    : reaches(t.medium, f)
      ? 'medium'
      : reaches(t.small, f)
        ? 'small'
        : 'micro';
  return { sizeClass, family, missing };
}
