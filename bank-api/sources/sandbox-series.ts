/**
 * Monthly figures of a sandbox enterprise: VAT sales with trend, season (Spring Festival dip, Q4 peak),
 * noise and an occasional shock; tax paid; settlement flows through the bank's accounts; customs.
 * Each month's figures depend only on (seed, USCC, month), so they never change with the as-of date.
 * Integer arithmetic throughout: factors are per mille, amounts whole fen.
 */
import { formatMoney } from '../../shared/money/money';
import { rng } from './random';
import { PRE_FESTIVAL_BOOST, SEASON_PERMILLE, SPRING_FESTIVAL_DIP, springFestivalMonth } from './sandbox-catalogue';
import { monthIndexOfDay, TREND_ORIGIN_MONTH, type Traits } from './sandbox-traits';

export interface MonthFigures {
  /** YYYY-MM */
  month: string;
  salesFen: number;
  taxPaidFen: number;
  inflowFen: number;
  outflowFen: number;
  exportsFen: number;
  importsFen: number;
}

// Stepwise so every intermediate product stays an exact integer (< 2^53).
const scale = (v: number, permille: number) => Math.trunc((v * permille) / 1000);
const bp = (v: number, basisPoints: number) => Math.trunc((v * basisPoints) / 10_000);

export function monthKey(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Seasonal factor, per mille, for a trade in a month (absolute index). */
export function seasonPermille(t: Traits, index: number): number {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const kind = t.industry.seasonality;
  let f = SEASON_PERMILLE[kind][month - 1]!;
  const sf = springFestivalMonth(year);
  const dip = SPRING_FESTIVAL_DIP[kind];
  if (month === sf) f -= dip;
  else if (month <= 2) f -= Math.trunc(dip / 3);
  // 年货: the month before the festival (December when it falls in January) sells more.
  const boost = PRE_FESTIVAL_BOOST[kind] ?? 0;
  if ((month === 12 && springFestivalMonth(year + 1) === 1) || (month === 1 && sf === 2)) f += boost;
  return f;
}

/** Figures for one month, or null before the enterprise was established. */
export function monthFigures(t: Traits, index: number): MonthFigures | null {
  if (index <= monthIndexOfDay(t.establishedDay)) return null;
  const r = rng(t.seed, t.uscc, 'month', index);
  const monthsFromOrigin = index - TREND_ORIGIN_MONTH;
  let level = t.monthlySalesYuan;
  const trend = 1000 + Math.trunc((t.trendPermillePerYear * monthsFromOrigin) / 12);
  level = scale(level, Math.min(3000, Math.max(250, trend)));
  if (t.shock && index >= t.shock.fromMonth) level = scale(level, t.shock.permille);
  level = scale(level, seasonPermille(t, index));
  level = scale(level, 1000 + r.int(-t.noisePermille, t.noisePermille));
  const salesFen = Math.max(0, level) * 100 + r.int(0, 99);

  const unpaid = t.seasonedRating === 'D' || t.seasonedRating === 'C' ? r.chance(300) : false;
  const taxPaidFen = unpaid ? 0 : scale(bp(salesFen, t.taxBp), r.int(800, 1200));

  let inflowFen = 0;
  let outflowFen = 0;
  const s = t.settlement;
  if (s && index > monthIndexOfDay(s.openedDay)) {
    let share = s.shareBp;
    if (s.movedAway && index >= s.movedAway.fromMonth) share = scale(share, s.movedAway.permille);
    inflowFen = scale(bp(salesFen, share), r.int(850, 1150));
    outflowFen = scale(inflowFen, r.int(880, 1010));
  }
  const c = t.customs;
  const exportsFen = c ? scale(scale(salesFen, c.exportPermille), r.int(700, 1300)) : 0;
  const importsFen = c?.importPermille ? scale(scale(salesFen, c.importPermille), r.int(700, 1300)) : 0;
  return { month: monthKey(index), salesFen, taxPaidFen, inflowFen, outflowFen, exportsFen, importsFen };
}

/** Figures for the months [from, to] that exist, oldest first. */
export function monthSeries(t: Traits, from: number, to: number): MonthFigures[] {
  const out: MonthFigures[] = [];
  for (let i = from; i <= to; i++) {
    const m = monthFigures(t, i);
    if (m) out.push(m);
  }
  return out;
}

export const money = (fen: number) => formatMoney(BigInt(fen));
