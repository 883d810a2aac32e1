/**
 * Industry names, GB/T 4754-2017 《国民经济行业分类》: the sections (门类, one letter) and the classes
 * (小类: letter + four digits) the sandbox and the credit policy use, in Chinese and English.
 * Reference data: one table for the screens, main's reports and the bank API's sandbox.
 * A code not listed here is shown by the name of its nearest listed prefix (its group or section).
 */
import type { Bilingual } from '../credit/grades';

/** The 20 sections (门类). */
export const INDUSTRY_SECTIONS: Readonly<Record<string, Bilingual>> = {
  A: { zh: '农、林、牧、渔业', en: 'Agriculture, forestry, animal husbandry and fishery' },
  B: { zh: '采矿业', en: 'Mining' },
  C: { zh: '制造业', en: 'Manufacturing' },
  D: { zh: '电力、热力、燃气及水生产和供应业', en: 'Electricity, heat, gas and water supply' },
  E: { zh: '建筑业', en: 'Construction' },
  F: { zh: '批发和零售业', en: 'Wholesale and retail trade' },
  G: { zh: '交通运输、仓储和邮政业', en: 'Transport, storage and postal services' },
  H: { zh: '住宿和餐饮业', en: 'Accommodation and catering' },
  I: { zh: '信息传输、软件和信息技术服务业', en: 'Information transmission, software and IT services' },
  J: { zh: '金融业', en: 'Finance' },
  K: { zh: '房地产业', en: 'Real estate' },
  L: { zh: '租赁和商务服务业', en: 'Leasing and business services' },
  M: { zh: '科学研究和技术服务业', en: 'Scientific research and technical services' },
  N: { zh: '水利、环境和公共设施管理业', en: 'Water conservancy, environment and public facilities' },
  O: { zh: '居民服务、修理和其他服务业', en: 'Household, repair and other services' },
  P: { zh: '教育', en: 'Education' },
  Q: { zh: '卫生和社会工作', en: 'Health and social work' },
  R: { zh: '文化、体育和娱乐业', en: 'Culture, sports and entertainment' },
  S: { zh: '公共管理、社会保障和社会组织', en: 'Public administration, social security and social organisations' },
  T: { zh: '国际组织', en: 'International organisations' },
};

/** Classes (小类) and the groups (大类/中类) the negative list names by prefix. */
export const INDUSTRY_NAMES: Readonly<Record<string, Bilingual>> = {
  A0141: { zh: '蔬菜种植', en: 'Vegetable growing' },
  A0313: { zh: '猪的饲养', en: 'Pig farming' },
  C1469: { zh: '其他调味品、发酵制品制造', en: 'Other condiments and fermented products' },
  C181: { zh: '机织服装制造', en: 'Woven garment manufacturing' },
  C1819: { zh: '其他机织服装制造', en: 'Other woven garment manufacturing' },
  C2929: { zh: '塑料零件及其他塑料制品制造', en: 'Plastic parts and other plastic products' },
  C3311: { zh: '金属结构制造', en: 'Metal structure manufacturing' },
  C3484: { zh: '机械零部件加工', en: 'Machining of mechanical parts' },
  C3982: { zh: '电子电路制造', en: 'Electronic circuit manufacturing' },
  E4710: { zh: '住宅房屋建筑', en: 'Residential building construction' },
  E501: { zh: '建筑装饰和装修业', en: 'Building decoration and renovation' },
  E5011: { zh: '公共建筑装饰和装修', en: 'Decoration and renovation of public buildings' },
  E5012: { zh: '住宅装饰和装修', en: 'Decoration and renovation of dwellings' },
  F5124: { zh: '肉、禽、蛋、奶及水产品批发', en: 'Wholesale of meat, poultry, eggs, dairy and aquatic products' },
  F5127: { zh: '酒、饮料及茶叶批发', en: 'Wholesale of alcoholic drinks, beverages and tea' },
  F5174: { zh: '五金产品批发', en: 'Wholesale of hardware' },
  F5199: { zh: '其他未列明批发业', en: 'Other wholesale n.e.c.' },
  F5292: { zh: '互联网零售', en: 'Internet retail' },
  G543: { zh: '道路货物运输', en: 'Road freight transport' },
  G5431: { zh: '普通货物道路运输', en: 'General road freight transport' },
  G5920: { zh: '通用仓储', en: 'General warehousing' },
  H6210: { zh: '正餐服务', en: 'Restaurants' },
  H6220: { zh: '快餐服务', en: 'Fast food' },
  I6450: { zh: '互联网数据服务', en: 'Internet data services' },
  I6513: { zh: '应用软件开发', en: 'Application software development' },
  J69: { zh: '其他金融业', en: 'Other financial services' },
  J6999: { zh: '其他未包括金融业', en: 'Other financial services n.e.c.' },
  K701: { zh: '房地产开发经营', en: 'Real estate development' },
  K7010: { zh: '房地产开发经营', en: 'Real estate development' },
  M7320: { zh: '工程和技术研究和试验发展', en: 'Engineering and technology research and development' },
  R9011: { zh: '歌舞厅娱乐活动', en: 'Dance halls and karaoke' },
  R9013: { zh: '网吧活动', en: 'Internet cafés' },
  R904: { zh: '彩票活动', en: 'Lotteries' },
  R9041: { zh: '体育彩票服务', en: 'Sports lottery services' },
  R9042: { zh: '福利彩票服务', en: 'Welfare lottery services' },
  R9049: { zh: '其他彩票服务', en: 'Other lottery services' },
};

/** The divisions (大类, two digits) of each section in GB/T 4754-2017, inclusive. */
export const SECTION_DIVISIONS: Readonly<Record<string, readonly [number, number]>> = {
  A: [1, 5],
  B: [6, 12],
  C: [13, 43],
  D: [44, 46],
  E: [47, 50],
  F: [51, 52],
  G: [53, 60],
  H: [61, 62],
  I: [63, 65],
  J: [66, 69],
  K: [70, 70],
  L: [71, 72],
  M: [73, 75],
  N: [76, 79],
  O: [80, 82],
  P: [83, 83],
  Q: [84, 85],
  R: [86, 90],
  S: [91, 96],
  T: [97, 97],
};

/**
 * Groups (中类) of GB/T 4754-2017 that are not subdivided, so their one class ends in 0 (471 → 4710). Any
 * other class code ending in 0 is a group's code, not a class — e.g. G5430 (道路货物运输 has 5431–5439)
 * and E5010 (建筑装饰和装修业 has 5011–5013).
 */
export const UNDIVIDED_GROUPS: readonly string[] = ['E471', 'G592', 'H621', 'H622', 'I645', 'K701', 'M732'];

/**
 * Whether a code is a well-formed GB/T 4754-2017 code: a section letter and a division of that section,
 * optionally followed by the group and class digits (A01, A014, A0141); a four-digit class ending in 0
 * only for the groups that are not subdivided.
 */
export function isIndustryCode(code: string): boolean {
  const m = /^([A-T])(\d{2})(\d{0,2})$/.exec(code);
  if (!m) return false;
  const range = SECTION_DIVISIONS[m[1]!]!;
  const division = Number(m[2]);
  if (division < range[0] || division > range[1]) return false;
  if (m[3]!.length === 2 && m[3]!.endsWith('0')) return UNDIVIDED_GROUPS.includes(code.slice(0, 4));
  return m[3]!.length !== 1 || m[3] !== '0';
}

type Lang = 'zh' | 'en';

/**
 * The name of an industry code: the class itself, else its nearest listed prefix, else its section;
 * null when nothing is known (then show the code alone).
 */
export function industryName(code: string, lang: Lang = 'zh'): string | null {
  for (let n = code.length; n >= 2; n--) {
    const hit = INDUSTRY_NAMES[code.slice(0, n)];
    if (hit) return hit[lang];
  }
  const section = INDUSTRY_SECTIONS[code.charAt(0)];
  return section ? section[lang] : null;
}

/** The section (门类) name of a code or a section letter, or null. */
export function industrySectionName(codeOrSection: string, lang: Lang = 'zh'): string | null {
  return INDUSTRY_SECTIONS[codeOrSection.charAt(0)]?.[lang] ?? null;
}

/** "机械零部件加工（C3484）" — the name with its code (the code alone when the name is unknown). */
export function industryLabel(code: string, lang: Lang = 'zh'): string {
  const name = industryName(code, lang);
  if (!name) return code;
  return lang === 'en' ? `${name} (${code})` : `${name}（${code}）`;
}
