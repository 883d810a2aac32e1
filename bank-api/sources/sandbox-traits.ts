/**
 * What the sandbox knows about an enterprise, fixed by (seed, USCC) alone: identity, size, how risky
 * it is, and the dated events in its life (court cases, penalties, overdue spells, a sales shock).
 * The sources turn these into answers as of a date, so asking on two dates tells one consistent story.
 */
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../../shared/calendar/civil-date';
import type { SizeClass } from '../../shared/credit/profile';
import { makeResidentId } from '../../shared/ids/resident-id';
import { makeUscc } from '../../shared/ids/uscc';
import { hash32, type Rng, rng } from './random';
import {
  BIRTH_REGIONS,
  CAPITAL_WAN,
  GIVEN_FEMALE,
  GIVEN_MALE,
  INDUSTRIES,
  type Industry,
  placeName,
  SIZE_ORDER,
  SURNAMES,
  sizeBand,
  TRADE_NAME_FIRST,
  TRADE_NAME_SECOND,
} from './sandbox-catalogue';
import type { Relation } from './types';

const day = (s: string) => toDayNumber(parseCivilDate(s));
/** Enterprises were established from here… */
const FOUNDING_FROM = day('2000-01-01');
/** …to here; 8 % in the last stretch, so some are too young for the admission rules. */
const YOUNG_FROM = day('2024-01-01');
const FOUNDING_TO = day('2026-09-30');
/** Dated events (court cases, penalties, overdue spells, shocks) fall in this window. */
export const EVENTS_FROM = day('2024-01-01');
export const EVENTS_TO = day('2027-06-30');
/** The month sales trends are measured from (absolute month index). */
export const TREND_ORIGIN_MONTH = 2025 * 12 + 5;

/** Absolute month index (year × 12 + month − 1) of a day number. */
export function monthIndexOfDay(d: number): number {
  const c = fromDayNumber(d);
  return c.year * 12 + c.month - 1;
}

export interface Span {
  from: number;
  to: number;
}

export interface OverdueSpell {
  /** Day number the instalment fell due unpaid. */
  from: number;
  days: number;
}

export interface Traits {
  seed: string;
  uscc: string;
  region: string;
  industry: Industry;
  sizeClass: SizeClass;
  /** Latent credit risk, 0 (best) – 999 (worst): drives ratings, overdue spells and flags together. */
  risk: number;
  establishedDay: number;
  name: string;
  legalRepName: string;
  legalRepId: string;
  registeredCapitalWan: number;
  relations: Relation[];
  monthlySalesYuan: number;
  trendPermillePerYear: number;
  noisePermille: number;
  shock: { fromMonth: number; permille: number } | null;
  taxBp: number;
  /** Rating when established long enough to be rated; 'M' otherwise. */
  seasonedRating: 'A' | 'B' | 'M' | 'C' | 'D';
  settlement: { openedDay: number; shareBp: number; movedAway: { fromMonth: number; permille: number } | null } | null;
  customs: { exportPermille: number; importPermille: number } | null;
  /** Insured headcount as reported to social insurance; null when the enterprise reports none. */
  headcount: number | null;
  /** 从业人员: the staff the size class is measured on (the reported headcount when there is one). */
  staff: number;
  /** 资产总额 in 万元 where the industry's size standard counts it (construction, real estate, leasing). */
  totalAssetsWan: number | null;
  /** Borrowing at all lenders per yuan of annual sales, per mille. */
  debtPermille: number;
  overdue: OverdueSpell[];
  courtCase: Span | null;
  abnormal: Span | null;
  penalties: number[];
}

const SUFFIX: Readonly<Record<string, string>> = { '1': '有限公司', '2': '经营部', '3': '专业合作社' };

/** The registry knows enterprises (9x codes: companies, individual businesses, co-operatives) only. */
export function isRegistryKind(uscc: string): boolean {
  return uscc[0] === '9' && uscc[1]! in SUFFIX;
}

interface Identity {
  industry: Industry;
  sizeClass: SizeClass;
  name: string;
}

function identity(seed: string, uscc: string): Identity {
  const r = rng(seed, uscc, 'identity');
  const agricultural = uscc[1] === '3';
  const industry = agricultural
    ? r.pick(INDUSTRIES.filter((i) => i.code.startsWith('A')))
    : r.weighted(INDUSTRIES.map((i) => [i, i.weight] as const));
  const sizeClass = r.weighted(SIZE_ORDER.map((s, k) => [s, industry.sizes[k]!] as const));
  const tradeName = r.pick(TRADE_NAME_FIRST) + r.pick(TRADE_NAME_SECOND);
  const name = `${placeName(uscc.slice(2, 8))}${tradeName}${r.pick(industry.words)}${SUFFIX[uscc[1]!] ?? '有限公司'}`;
  return { industry, sizeClass, name };
}

function personName(r: Rng, male: boolean): string {
  const given = male ? GIVEN_MALE : GIVEN_FEMALE;
  return r.weighted(SURNAMES) + r.pick(given) + (r.chance(600) ? r.pick(given) : '');
}

function span(r: Rng, minDays: number, maxDays: number): Span {
  const from = r.int(EVENTS_FROM, EVENTS_TO);
  return { from, to: from + r.int(minDays, maxDays) };
}

function relations(seed: string, uscc: string, r: Rng, rep: string, size: SizeClass): Relation[] {
  const out: Relation[] = [];
  const holders = r.int(1, size === 'micro' ? 2 : size === 'small' ? 3 : 4);
  let left = 100;
  for (let k = 0; k < holders; k++) {
    const share =
      k === holders - 1 ? left : k === 0 ? r.int(51, 100 - (holders - 1)) : r.int(1, left - (holders - 1 - k));
    left -= share;
    if (k > 0 && size === 'medium' && r.chance(400)) {
      const other = makeUscc(String(hash32(seed, uscc, 'holder', k) % 100_000_000), uscc.slice(2, 8));
      out.push({ name: identity(seed, other).name, kind: 'shareholder', sharePercent: `${share}.00`, uscc: other });
    } else {
      out.push({
        name: k === 0 ? rep : personName(r, r.chance(700)),
        kind: 'shareholder',
        sharePercent: `${share}.00`,
      });
    }
  }
  if (r.chance(250)) {
    if (r.chance(500)) {
      const g = makeUscc(String(hash32(seed, uscc, 'guarantor') % 100_000_000), uscc.slice(2, 8));
      out.push({ name: identity(seed, g).name, kind: 'guarantor', uscc: g });
    } else {
      out.push({ name: personName(r, r.chance(600)), kind: 'guarantor' });
    }
  }
  return out;
}

function overdueSpells(r: Rng, risk: number): OverdueSpell[] {
  const [permille, maxCount, lo, hi] =
    risk < 700 ? [40, 1, 1, 15] : risk < 900 ? [180, 2, 1, 30] : risk < 970 ? [450, 3, 5, 90] : [800, 4, 30, 240];
  if (!r.chance(permille)) return [];
  const out: OverdueSpell[] = [];
  for (let k = r.int(1, maxCount); k > 0; k--)
    out.push({ from: r.int(EVENTS_FROM - 400, EVENTS_TO), days: r.int(lo, hi) });
  return out.sort((a, b) => a.from - b.from);
}

/** The enterprise behind a USCC in this sandbox world. Pure in (seed, uscc). */
export function enterpriseTraits(seed: string, uscc: string): Traits {
  const { industry, sizeClass, name } = identity(seed, uscc);
  const r = rng(seed, uscc, 'traits');
  const region = uscc.slice(2, 8);
  const risk = r.int(0, 999);
  const establishedDay = r.chance(80)
    ? r.int(YOUNG_FROM, FOUNDING_TO)
    : Math.max(r.int(FOUNDING_FROM, YOUNG_FROM - 1), r.int(FOUNDING_FROM, YOUNG_FROM - 1));
  const established = fromDayNumber(establishedDay);
  const male = r.chance(750);
  const birthYear = Math.min(2000, Math.max(1955, established.year - r.int(25, 50)));
  const sequence = r.int(0, 499) * 2 + (male ? 1 : 0);
  const legalRepName = personName(r, male);
  const legalRepId = makeResidentId({
    region: r.weighted(BIRTH_REGIONS),
    birthDate: formatCivilDate({ year: birthYear, month: r.int(1, 12), day: r.int(1, 28) }),
    sequence,
  });
  // Base figures inside the industry's thresholds for the class (工信部联企业〔2011〕300号).
  const band = sizeBand(industry.code, sizeClass);
  const [salesLo, salesHi] = band.monthlySalesYuan;
  // Skewed to the low end of the range, as firm sizes are.
  const monthlySalesYuan = Math.min(r.int(salesLo, salesHi), r.int(salesLo, salesHi));
  const ageYears = (YOUNG_FROM - establishedDay) / 365;
  const seasonedRating =
    risk >= 985 ? 'D' : risk >= 930 ? 'C' : r.chance(100) ? 'M' : risk < 300 && ageYears >= 3 ? 'A' : 'B';
  const [hcLo, hcHi] = band.staff;
  const staff = Math.min(r.int(hcLo, hcHi), r.int(hcLo, hcHi));
  const totalAssetsWan = band.assetsWan ? r.int(band.assetsWan[0], band.assetsWan[1]) : null;
  return {
    seed,
    uscc,
    region,
    industry,
    sizeClass,
    risk,
    establishedDay,
    name,
    legalRepName,
    legalRepId,
    registeredCapitalWan: r.pick(CAPITAL_WAN[sizeClass]),
    relations: relations(seed, uscc, r, legalRepName, sizeClass),
    monthlySalesYuan,
    trendPermillePerYear: r.int(-120, 250) - (risk >= 900 ? r.int(0, 250) : 0),
    noisePermille: r.pick([40, 80, 120, 200, 300]),
    shock: r.chance(risk >= 900 ? 300 : 40)
      ? { fromMonth: monthIndexOfDay(r.int(EVENTS_FROM + 150, EVENTS_TO - 90)), permille: r.int(400, 750) }
      : null,
    taxBp: r.int(industry.taxBp[0], industry.taxBp[1]),
    seasonedRating,
    settlement: r.chance(720)
      ? {
          openedDay: establishedDay + r.int(20, 2500),
          shareBp: r.int(3000, 10500),
          movedAway: r.chance(risk >= 900 ? 150 : 30)
            ? { fromMonth: monthIndexOfDay(r.int(EVENTS_FROM, EVENTS_TO)), permille: r.int(250, 500) }
            : null,
        }
      : null,
    customs: r.chance(industry.exporterPermille)
      ? { exportPermille: r.int(100, 700), importPermille: r.chance(400) ? r.int(50, 300) : 0 }
      : null,
    headcount: r.chance(sizeClass === 'micro' ? 850 : 970) ? staff : null,
    staff,
    totalAssetsWan,
    debtPermille: r.chance(200) ? 0 : r.int(50, 600) + (risk >= 900 ? r.int(100, 600) : 0),
    overdue: overdueSpells(r, risk),
    courtCase: r.chance(risk >= 970 ? 700 : risk >= 900 ? 200 : 15) ? span(r, 180, 900) : null,
    abnormal: r.chance(risk >= 950 ? 400 : 25) ? span(r, 120, 600) : null,
    penalties:
      risk >= 900
        ? Array.from(
            {
              length: r.weighted([
                [0, 5],
                [1, 3],
                [2, 2],
                [3, 1],
                [4, 1],
              ] as const),
            },
            () => r.int(EVENTS_FROM - 365, EVENTS_TO),
          )
        : Array.from(
            {
              length: r.weighted([
                [0, 88],
                [1, 9],
                [2, 3],
              ] as const),
            },
            () => r.int(EVENTS_FROM - 365, EVENTS_TO),
          ),
  };
}
