export { groupMoney } from '../shared/money/group';

/** An axis tick: compact and approximate by design (万/亿, K/M); tooltips, tables and CSV keep the exact figure. */
export function axisTick(n: number, unit: string, lang: string): string {
  if (!Number.isFinite(n)) return '';
  if (unit === 'percent') return `${Number(n.toFixed(2))}%`;
  return new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}
