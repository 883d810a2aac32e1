import { parseCivilDate, wholeMonthsBetween } from '../calendar/civil-date';
import type { Bilingual } from './grades';
import { type MaterialItem, PRODUCTS, type Product } from './products';

/**
 * The material lists (材料清单) by product and customer group, as data (issue 15 item 4). A product's own
 * materials (shared/credit/products.ts) are what every applicant brings; a customer group adds (and may
 * drop) items. The submission's checklist is built from the same data for the applicant's groups
 * (`materialsFor(product, customerGroupsOf(...))`), and GET /api/v1/policy publishes every list.
 *
 * Groups: 小微企业 and 个体工商户 are the entity type (the USCC's second character: 1 company, 2 individual
 * business, 3 farmers' co-operative — GB 32100-2015); 初创 (under 24 months since establishment) and 涉农
 * (GB/T 4754 section A, or a co-operative) are added to it.
 */
export const CUSTOMER_GROUPS = ['small_micro', 'individual_business', 'startup', 'agricultural'] as const;
export type CustomerGroup = (typeof CUSTOMER_GROUPS)[number];

/** Months since establishment below which an applicant is a start-up (初创). */
export const STARTUP_MONTHS = 24;

export interface CustomerGroupRule {
  code: CustomerGroup;
  name: Bilingual;
  /** Who belongs, in words. */
  who: Bilingual;
  /** Items this group brings beyond the product's own. */
  adds: readonly MaterialItem[];
  /** Product items that do not apply to this group (by code). */
  drops: readonly string[];
}

const item = (code: string, zh: string, en: string, electronic: boolean): MaterialItem => ({
  code,
  name: { zh, en },
  electronic,
});

export const CUSTOMER_GROUP_RULES: readonly CustomerGroupRule[] = [
  {
    code: 'small_micro',
    name: { zh: '小微企业', en: 'Small and micro enterprise' },
    who: {
      zh: '依法登记的企业法人（统一社会信用代码第二位为 1）',
      en: 'A registered company (second character of the USCC is 1)',
    },
    adds: [],
    drops: [],
  },
  {
    code: 'individual_business',
    name: { zh: '个体工商户', en: 'Individual business' },
    who: {
      zh: '个体工商户（统一社会信用代码第二位为 2），经营者本人申请',
      en: 'An individual business (second character of the USCC is 2), applied for by its operator',
    },
    adds: [
      item(
        'MAT_SPOUSE_CONSENT',
        '经营者配偶同意借款声明（或单身声明）',
        "Operator's spouse's consent to the loan (or a declaration of being single)",
        false,
      ),
    ],
    drops: ['MAT_ARTICLES'],
  },
  {
    code: 'startup',
    name: { zh: '初创企业（成立不满 2 年）', en: 'Start-up (under 2 years)' },
    who: {
      zh: `成立不满 ${STARTUP_MONTHS} 个月`,
      en: `Established less than ${STARTUP_MONTHS} months ago`,
    },
    adds: [
      item('MAT_BUSINESS_PLAN', '经营计划及还款来源说明', 'Business plan and source of repayment', false),
      item('MAT_PREMISES', '经营场所租赁合同或产权证明', 'Lease or title of the business premises', false),
    ],
    drops: [],
  },
  {
    code: 'agricultural',
    name: { zh: '涉农经营主体', en: 'Agricultural business' },
    who: {
      zh: '国民经济行业门类 A（农、林、牧、渔业）或农民专业合作社（统一社会信用代码第二位为 3）',
      en: "Industry section A (agriculture, forestry, animal husbandry, fishery) or a farmers' co-operative (second character of the USCC is 3)",
    },
    adds: [
      item(
        'MAT_LAND_RIGHTS',
        '土地承包经营权证或土地流转合同',
        'Land contract management right certificate or land transfer contract',
        false,
      ),
    ],
    drops: [],
  },
];

const RULES = new Map(CUSTOMER_GROUP_RULES.map((r) => [r.code, r]));

/** A checklist item's name by its code: a product's own material or one a customer group adds. */
export function materialName(code: string, products: readonly Product[] = PRODUCTS): Bilingual | null {
  for (const p of products) {
    const m = p.materials.find((x) => x.code === code);
    if (m) return m.name;
  }
  for (const g of CUSTOMER_GROUP_RULES) {
    const m = g.adds.find((x) => x.code === code);
    if (m) return m.name;
  }
  return null;
}
export const groupRule = (g: CustomerGroup): CustomerGroupRule => RULES.get(g)!;

/** What the grouping reads of an applicant (its profile has all three). */
export interface GroupFacts {
  uscc: string;
  industryCode: string;
  establishedDate: string;
}

/**
 * The applicant's customer groups on `asOf` (YYYY-MM-DD): its entity type first (小微企业 or 个体工商户),
 * then 初创 and 涉农 where they apply.
 */
export function customerGroupsOf(f: GroupFacts, asOf: string): CustomerGroup[] {
  const kind = f.uscc[1];
  const out: CustomerGroup[] = [kind === '2' ? 'individual_business' : 'small_micro'];
  if (wholeMonthsBetween(parseCivilDate(f.establishedDate), parseCivilDate(asOf)) < STARTUP_MONTHS) out.push('startup');
  if (f.industryCode.startsWith('A') || kind === '3') out.push('agricultural');
  return out;
}

/** The materials an applicant of these groups brings for this product: the product's, less drops, plus adds. */
export function materialsFor(product: Product, groups: readonly CustomerGroup[]): MaterialItem[] {
  const rules = groups.map(groupRule);
  const dropped = new Set(rules.flatMap((r) => r.drops));
  const out = product.materials.filter((m) => !dropped.has(m.code));
  for (const r of rules) for (const m of r.adds) if (!out.some((x) => x.code === m.code)) out.push(m);
  return out;
}

/** One published list: a product for one customer group. */
export interface MaterialList {
  productCode: string;
  productName: Bilingual;
  group: CustomerGroup;
  groupName: Bilingual;
  items: MaterialItem[];
}

/**
 * Every list, product by product and group by group. 初创 and 涉农 are shown added to 小微企业 (a company
 * is the common case); an applicant in several groups gets every group's items (`materialsFor`).
 */
export function materialLists(products: readonly Product[] = PRODUCTS): MaterialList[] {
  const out: MaterialList[] = [];
  for (const p of products) {
    for (const r of CUSTOMER_GROUP_RULES) {
      const groups: CustomerGroup[] =
        r.code === 'small_micro' || r.code === 'individual_business' ? [r.code] : ['small_micro', r.code];
      out.push({
        productCode: p.code,
        productName: p.name,
        group: r.code,
        groupName: r.name,
        items: materialsFor(p, groups),
      });
    }
  }
  return out;
}
