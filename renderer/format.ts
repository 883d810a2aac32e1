import { factsWithoutBase, type Lang } from '../shared/credit/describe';
import { ratiosWithoutBase } from '../shared/credit/features';
import type { EnterpriseProfile } from '../shared/credit/profile';
import { groupMoney } from '../shared/money/group';

export { groupMoney } from '../shared/money/group';

/** An axis tick: compact and approximate by design (万/亿, K/M); tooltips, tables and CSV keep the exact figure. */
export function axisTick(n: number, unit: string, lang: string): string {
  if (!Number.isFinite(n)) return '';
  if (unit === 'percent') return `${Number(n.toFixed(2))}%`;
  return new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** The engine's language key ('zh' | 'en') for an i18next language ('zh-CN' | 'en'). */
export const langOf = (language: string): Lang => (language === 'en' ? 'en' : 'zh');

/** An exact money string with separators and its unit: "300,000.00 元" / "300,000.00 yuan"; "—" when absent. */
export function yuan(amount: string | null | undefined, language: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  return `${groupMoney(amount)} ${language === 'en' ? 'yuan' : '元'}`;
}

/** A percent string as shown: "4.35%"; "—" when absent. */
export const percent = (p: string | number | null | undefined): string =>
  p === null || p === undefined || p === '' ? '—' : `${p}%`;

/**
 * The facts (and ratio features) whose ratio has no base for a case's profile snapshot: they read "—",
 * as in the comparison. An unreadable snapshot gives none.
 */
export function withoutBase(profile: unknown): Set<string> {
  try {
    return factsWithoutBase(ratiosWithoutBase(profile as EnterpriseProfile));
  } catch {
    return new Set();
  }
}
