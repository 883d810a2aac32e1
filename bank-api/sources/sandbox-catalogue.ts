/**
 * The sandbox's world as data: where its enterprises are registered (GB/T 2260), what they do
 * (GB/T 4754-2017), how their business moves through the year, and the words their names are made of.
 * Weights are integers; only the relative sizes matter. The names of regions and industries are reference
 * data in shared/reference (regions.ts, industries.ts), shared with the screens.
 */
import type { SizeClass } from '../../shared/credit/profile';
import { CITIES, PROVINCES } from '../../shared/reference/regions';
import { SIZE_THRESHOLDS, sizeFamilyOf } from '../../shared/reference/size-classes';

/** Registered districts of the seeded enterprises, weighted to the sandbox bank's branches. */
export const SEED_REGIONS: readonly (readonly [code: string, weight: number])[] = [
  ['310115', 24], // 上海浦东新区 → SH-PD
  ['310104', 14], // 上海徐汇区 → SH-XH
  ['310101', 2], // 黄浦区
  ['310105', 2], // 长宁区
  ['310106', 2], // 静安区
  ['310107', 2], // 普陀区
  ['310110', 2], // 杨浦区
  ['310112', 4], // 闵行区
  ['310113', 3], // 宝山区
  ['310114', 3], // 嘉定区
  ['310117', 3], // 松江区
  ['310118', 2], // 青浦区
  ['310120', 2], // 奉贤区
  ['330106', 14], // 杭州西湖区 → HZ-XH
  ['330102', 2], // 杭州上城区
  ['330105', 2], // 杭州拱墅区
  ['330108', 3], // 杭州滨江区
  ['330109', 3], // 杭州萧山区
  ['330110', 3], // 杭州余杭区
  ['330212', 3], // 宁波鄞州区
  ['330302', 2], // 温州鹿城区
  ['330602', 2], // 绍兴越城区
];

/** The prefectures the bank serves: a company registered there carries the city's name, elsewhere the province's. */
const NAMED_CITIES: readonly string[] = ['3301', '3302', '3303', '3306'];

/** The place word in a company name for a registered division, '' when unknown (names: shared/reference/regions.ts). */
export function placeName(region: string): string {
  const city = region.slice(0, 4);
  return (NAMED_CITIES.includes(city) ? CITIES[city]?.short : undefined) ?? PROVINCES[region.slice(0, 2)]?.short ?? '';
}

/** How a trade's sales move through the year. */
export type Seasonality =
  | 'manufacturing'
  | 'trade'
  | 'catering'
  | 'logistics'
  | 'software'
  | 'construction'
  | 'agriculture';

export interface Industry {
  /** GB/T 4754-2017 class code. */
  code: string;
  /** Words that end a company name in this trade (before 有限公司). */
  words: readonly string[];
  seasonality: Seasonality;
  weight: number;
  /** Weights of micro / small / medium enterprises in the trade. */
  sizes: readonly [micro: number, small: number, medium: number];
  /** Share of enterprises that export, per mille. */
  exporterPermille: number;
  /** VAT and surcharges actually paid, bp of sales (range). */
  taxBp: readonly [number, number];
  purposes: readonly string[];
}

const MFG_PURPOSES = ['采购原材料', '支付供应商货款', '补充日常经营流动资金', '支付员工工资及社保', '承接订单备料'];
const TRADE_PURPOSES = ['采购商品备货', '支付上游货款', '补充日常经营流动资金', '旺季备货'];

/** The trades of the sandbox; the last five are on the published negative list (shared/credit/negative-list.ts). */
export const INDUSTRIES: readonly Industry[] = [
  {
    code: 'C3484',
    words: ['精密机械', '机械制造', '机电设备'],
    seasonality: 'manufacturing',
    weight: 9,
    sizes: [4, 5, 2],
    exporterPermille: 300,
    taxBp: [200, 450],
    purposes: MFG_PURPOSES,
  },
  {
    code: 'C3311',
    words: ['钢结构', '金属制品'],
    seasonality: 'manufacturing',
    weight: 5,
    sizes: [3, 5, 2],
    exporterPermille: 150,
    taxBp: [180, 400],
    purposes: MFG_PURPOSES,
  },
  {
    code: 'C3982',
    words: ['电子科技', '电路板'],
    seasonality: 'manufacturing',
    weight: 6,
    sizes: [3, 5, 2],
    exporterPermille: 400,
    taxBp: [200, 450],
    purposes: MFG_PURPOSES,
  },
  {
    code: 'C1819', // 其他机织服装制造 (181 is divided: 1811 运动机织服装, 1819 其他)
    words: ['服饰', '制衣'],
    seasonality: 'manufacturing',
    weight: 5,
    sizes: [5, 4, 1],
    exporterPermille: 350,
    taxBp: [150, 350],
    purposes: MFG_PURPOSES,
  },
  {
    code: 'C2929',
    words: ['塑胶制品', '包装材料'],
    seasonality: 'manufacturing',
    weight: 4,
    sizes: [4, 5, 1],
    exporterPermille: 200,
    taxBp: [180, 400],
    purposes: MFG_PURPOSES,
  },
  {
    code: 'C1469',
    words: ['食品', '调味品'],
    seasonality: 'trade',
    weight: 3,
    sizes: [5, 4, 1],
    exporterPermille: 80,
    taxBp: [150, 350],
    purposes: MFG_PURPOSES,
  },
  {
    code: 'F5174',
    words: ['五金交电', '五金'],
    seasonality: 'trade',
    weight: 7,
    sizes: [7, 3, 1],
    exporterPermille: 120,
    taxBp: [100, 250],
    purposes: TRADE_PURPOSES,
  },
  {
    code: 'F5199',
    words: ['商贸', '贸易', '供应链管理'],
    seasonality: 'trade',
    weight: 9,
    sizes: [7, 3, 1],
    exporterPermille: 200,
    taxBp: [80, 200],
    purposes: TRADE_PURPOSES,
  },
  {
    code: 'F5127', // 酒、饮料及茶叶批发
    words: ['茶业', '酒业'],
    seasonality: 'trade',
    weight: 3,
    sizes: [8, 2, 0],
    exporterPermille: 30,
    taxBp: [100, 250],
    purposes: TRADE_PURPOSES,
  },
  {
    code: 'F5292',
    words: ['电子商务', '网络科技'],
    seasonality: 'trade',
    weight: 5,
    sizes: [7, 3, 1],
    exporterPermille: 100,
    taxBp: [80, 200],
    purposes: ['平台旺季备货', '支付推广费用', '采购商品备货'],
  },
  {
    code: 'H6210',
    words: ['餐饮管理', '酒家'],
    seasonality: 'catering',
    weight: 6,
    sizes: [8, 2, 0],
    exporterPermille: 0,
    taxBp: [100, 300],
    purposes: ['门店装修改造', '采购食材及物料', '新开门店铺底资金', '支付房租'],
  },
  {
    code: 'H6220',
    words: ['餐饮', '食品连锁'],
    seasonality: 'catering',
    weight: 3,
    sizes: [8, 2, 0],
    exporterPermille: 0,
    taxBp: [100, 300],
    purposes: ['新开门店铺底资金', '采购食材及物料', '支付房租'],
  },
  {
    code: 'G5431', // 普通货物道路运输
    words: ['物流', '货运代理', '运输'],
    seasonality: 'logistics',
    weight: 6,
    sizes: [6, 4, 1],
    exporterPermille: 20,
    taxBp: [150, 300],
    purposes: ['支付燃油及路桥费用', '车辆维修保养', '支付司机工资', '垫付运费'],
  },
  {
    code: 'G5920',
    words: ['仓储', '供应链'],
    seasonality: 'logistics',
    weight: 2,
    sizes: [5, 4, 1],
    exporterPermille: 20,
    taxBp: [150, 300],
    purposes: ['仓库租金及设备维护', '补充日常经营流动资金'],
  },
  {
    code: 'I6513',
    words: ['软件科技', '信息技术'],
    seasonality: 'software',
    weight: 7,
    sizes: [6, 4, 1],
    exporterPermille: 30,
    taxBp: [250, 600],
    purposes: ['支付研发人员薪酬', '项目实施垫资', '采购服务器及软件许可'],
  },
  {
    code: 'I6450',
    words: ['网络科技', '数据科技'],
    seasonality: 'software',
    weight: 3,
    sizes: [6, 4, 1],
    exporterPermille: 20,
    taxBp: [250, 600],
    purposes: ['支付研发人员薪酬', '支付云服务费用'],
  },
  {
    code: 'M7320',
    words: ['工程技术', '检测技术'],
    seasonality: 'software',
    weight: 2,
    sizes: [5, 4, 1],
    exporterPermille: 10,
    taxBp: [250, 500],
    purposes: ['购置检测设备', '支付技术人员薪酬'],
  },
  {
    code: 'E4710',
    words: ['建设工程', '建筑工程'],
    seasonality: 'construction',
    weight: 4,
    sizes: [3, 5, 2],
    exporterPermille: 0,
    taxBp: [200, 400],
    purposes: ['支付工程材料款', '支付劳务分包款', '工程项目垫资'],
  },
  {
    code: 'E5012', // 住宅装饰和装修
    words: ['装饰工程', '装饰设计'],
    seasonality: 'construction',
    weight: 4,
    sizes: [6, 4, 1],
    exporterPermille: 0,
    taxBp: [200, 400],
    purposes: ['支付装修材料款', '支付劳务分包款'],
  },
  {
    code: 'A0141',
    words: ['农业科技', '蔬菜种植'],
    seasonality: 'agriculture',
    weight: 2,
    sizes: [7, 3, 0],
    exporterPermille: 20,
    taxBp: [0, 80],
    purposes: ['购买种苗和化肥', '支付土地流转费用', '购置农机设备'],
  },
  {
    code: 'A0313',
    words: ['生态养殖', '畜牧'],
    seasonality: 'agriculture',
    weight: 1,
    sizes: [6, 4, 0],
    exporterPermille: 0,
    taxBp: [0, 80],
    purposes: ['购买饲料及疫苗', '扩建养殖场'],
  },
  // On the negative list: the bank does not lend to these trades.
  {
    code: 'K7010',
    words: ['房地产开发', '置业'],
    seasonality: 'construction',
    weight: 1,
    sizes: [2, 5, 3],
    exporterPermille: 0,
    taxBp: [300, 600],
    purposes: ['项目开发建设'],
  },
  {
    code: 'J6999',
    words: ['投资管理', '金融信息服务'],
    seasonality: 'software',
    weight: 1,
    sizes: [6, 3, 1],
    exporterPermille: 0,
    taxBp: [300, 600],
    purposes: ['补充日常经营流动资金'],
  },
  {
    code: 'R9011',
    words: ['娱乐', 'KTV'],
    seasonality: 'catering',
    weight: 1,
    sizes: [7, 3, 0],
    exporterPermille: 0,
    taxBp: [200, 400],
    purposes: ['门店装修改造'],
  },
  {
    code: 'R9013',
    words: ['网咖', '网络会所'],
    seasonality: 'catering',
    weight: 1,
    sizes: [9, 1, 0],
    exporterPermille: 0,
    taxBp: [200, 400],
    purposes: ['购置电脑设备'],
  },
];

/**
 * Seasonal factor in per mille by month (index 0 = January, before the Spring Festival adjustment):
 * a Q4 peak of different height per trade; agriculture peaks at harvest.
 */
export const SEASON_PERMILLE: Readonly<Record<Seasonality, readonly number[]>> = {
  manufacturing: [1000, 1000, 980, 990, 1000, 1000, 990, 990, 1010, 1030, 1060, 1100],
  trade: [1000, 1000, 950, 960, 980, 990, 970, 980, 1010, 1050, 1120, 1200],
  catering: [1000, 1000, 960, 980, 1020, 990, 1000, 1010, 990, 1060, 1020, 1120],
  logistics: [1000, 1000, 960, 970, 980, 990, 980, 990, 1010, 1060, 1180, 1150],
  software: [1000, 1000, 950, 960, 970, 1040, 960, 970, 990, 990, 1030, 1250],
  construction: [1000, 1000, 1000, 1030, 1040, 1020, 960, 950, 1040, 1040, 1020, 1180],
  agriculture: [1000, 1000, 900, 920, 950, 980, 1020, 1080, 1200, 1250, 1100, 1000],
};

/** Spring Festival dip (per mille off) in its month; a third of it in the other of Jan/Feb. */
export const SPRING_FESTIVAL_DIP: Readonly<Record<Seasonality, number>> = {
  manufacturing: 320,
  trade: 220,
  catering: 120,
  logistics: 350,
  software: 220,
  construction: 450,
  agriculture: 150,
};
/** Trades that sell more in the weeks before the festival (年货). */
export const PRE_FESTIVAL_BOOST: Readonly<Partial<Record<Seasonality, number>>> = { trade: 120, catering: 150 };

/** Month (1 or 2) of the Spring Festival (正月初一) by year. */
const SPRING_FESTIVAL_MONTH: Readonly<Record<number, number>> = {
  2020: 1,
  2021: 2,
  2022: 2,
  2023: 1,
  2024: 2,
  2025: 1,
  2026: 2,
  2027: 2,
  2028: 1,
  2029: 2,
  2030: 2,
};
export function springFestivalMonth(year: number): number {
  return SPRING_FESTIVAL_MONTH[year] ?? 2;
}

/** Size classes in the profile, in the order of Industry.sizes. */
export const SIZE_ORDER: readonly SizeClass[] = ['micro', 'small', 'medium'];

/**
 * Typical monthly sales (yuan) and staff by size, used where the industry's size standard does not bound
 * that figure (e.g. sales of a trade classed by staff alone). Where it does, `sizeBand` keeps the figures
 * within the industry's thresholds for the class (shared/reference/size-classes.ts).
 */
export const MONTHLY_SALES_YUAN: Readonly<Record<SizeClass, readonly [number, number]>> = {
  micro: [40_000, 400_000],
  small: [400_000, 3_000_000],
  medium: [3_000_000, 15_000_000],
};
export const HEADCOUNT: Readonly<Record<SizeClass, readonly [number, number]>> = {
  micro: [1, 9],
  small: [10, 99],
  medium: [100, 299],
};

/** Ranges (inclusive) an enterprise of a class in a trade draws its base figures from. */
export interface SizeBand {
  monthlySalesYuan: readonly [number, number];
  staff: readonly [number, number];
  /** Total assets in 万元 where the industry's standard counts them, else null. */
  assetsWan: readonly [number, number] | null;
}

const WAN_YUAN = 10_000;
/** Annual revenue range [lo, hi) in 万元 → inclusive monthly yuan range whose × 12 stays in it. */
const monthly = (loWan: number, hiWan: number): readonly [number, number] => [
  Math.ceil((loWan * WAN_YUAN) / 12),
  Math.floor((hiWan * WAN_YUAN - 1) / 12),
];

/**
 * The ranges for `size` in the trade `industryCode`, inside that industry's thresholds of the size standard
 * (工信部联企业〔2011〕300号): a micro enterprise is below a small threshold (staff where the standard
 * counts staff, else revenue), a small one between the small and medium thresholds on every indicator, a
 * medium one between the medium thresholds and (at most eight times them) the large ones.
 */
export function sizeBand(industryCode: string, size: SizeClass): SizeBand {
  const t = SIZE_THRESHOLDS[sizeFamilyOf(industryCode)];
  const [s, m, l] = [t.small, t.medium, t.large];
  const hasStaff = s.staff !== undefined;
  const hasRevenue = s.revenueWan !== undefined;
  const hasAssets = s.assetsWan !== undefined;
  if (size === 'micro') {
    return {
      // Micro by staff where staff count; else by revenue (a fifth of the small threshold up to it).
      staff: hasStaff ? [1, s.staff! - 1] : HEADCOUNT.micro,
      monthlySalesYuan: hasStaff
        ? [MONTHLY_SALES_YUAN.micro[0], Math.min(MONTHLY_SALES_YUAN.micro[1], monthly(0, m.revenueWan ?? 1e9)[1])]
        : hasRevenue
          ? monthly(s.revenueWan! / 5, s.revenueWan!)
          : MONTHLY_SALES_YUAN.micro,
      assetsWan: hasAssets ? [Math.ceil(s.assetsWan! / 5), s.assetsWan! - 1] : null,
    };
  }
  if (size === 'small') {
    return {
      staff: hasStaff ? [s.staff!, m.staff! - 1] : HEADCOUNT.small,
      monthlySalesYuan: hasRevenue ? monthly(s.revenueWan!, m.revenueWan!) : MONTHLY_SALES_YUAN.small,
      assetsWan: hasAssets ? [s.assetsWan!, m.assetsWan! - 1] : null,
    };
  }
  return {
    staff: hasStaff ? [m.staff!, Math.min(l.staff! - 1, m.staff! * 3)] : HEADCOUNT.medium,
    monthlySalesYuan: hasRevenue
      ? monthly(m.revenueWan!, Math.min(l.revenueWan!, m.revenueWan! * 8))
      : MONTHLY_SALES_YUAN.medium,
    assetsWan: hasAssets ? [m.assetsWan!, Math.min(l.assetsWan!, m.assetsWan! * 8) - 1] : null,
  };
}

/** Registered capital in 万元 by size. */
export const CAPITAL_WAN: Readonly<Record<SizeClass, readonly number[]>> = {
  micro: [10, 30, 50, 100, 100, 200],
  small: [100, 200, 300, 500, 500, 1000],
  medium: [1000, 2000, 3000, 5000],
};

/** First and second characters of trade names (字号). */
export const TRADE_NAME_FIRST = [...'浦华嘉恒瑞宏鑫博金长天永联东明润锦通致同宝安和凯富德鼎利鸿启星蓝云青新汇申之钱'];
export const TRADE_NAME_SECOND = [...'江信禾通丰远源达泰青成盛创方德泽程舟辰旭阳益航辉茂晟睿峰川森海宇诚越弘隆'];

export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72],
  ['李', 70],
  ['张', 66],
  ['刘', 54],
  ['陈', 55],
  ['杨', 32],
  ['黄', 25],
  ['赵', 22],
  ['吴', 22],
  ['周', 21],
  ['徐', 18],
  ['孙', 16],
  ['马', 15],
  ['朱', 14],
  ['胡', 14],
  ['郭', 13],
  ['何', 12],
  ['林', 11],
  ['高', 12],
  ['罗', 10],
  ['郑', 9],
  ['沈', 7],
  ['钱', 4],
  ['陆', 5],
  ['顾', 4],
  ['蒋', 5],
  ['叶', 5],
  ['姚', 4],
  ['许', 6],
  ['曹', 6],
];
export const GIVEN_MALE = [...'伟强磊军勇杰涛斌明超刚平辉鹏华飞鑫波宇浩建国志文俊峰海林晨'];
export const GIVEN_FEMALE = [...'芳娜敏静丽艳娟霞燕玲萍红琳雪婷慧颖洁佳倩晶梅莉婉怡'];

/** Birthplaces (GB/T 2260 at the time of birth) of legal representatives: mostly local. */
export const BIRTH_REGIONS: readonly (readonly [string, number])[] = [
  ['310104', 8],
  ['310115', 8],
  ['310110', 5],
  ['310107', 4],
  ['330106', 7],
  ['330102', 4],
  ['330203', 3],
  ['330302', 4],
  ['330602', 2],
  ['320106', 3],
  ['320583', 3],
  ['340104', 3],
  ['360102', 2],
  ['410105', 2],
  ['420106', 2],
  ['430104', 2],
  ['350203', 2],
  ['370202', 1],
  ['510107', 2],
];
