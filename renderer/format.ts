/**
 * The renderer's shared formatters, one place for every feature: money and percent, figures by kind of
 * value (dashboards and the comparison), instants in Beijing time, SLA and waiting time in working
 * time, names. Features keep only formatting of their own; words come from the dictionaries.
 */
import type { TFunction } from 'i18next';
import type { ApplicationDetail, ApplicationSummary } from '../shared/api/applications';
import type { Unit } from '../shared/api/dashboards';
import { deadlineIsProvisional } from '../shared/calendar/business-calendar';
import { factsWithoutBase, type Lang } from '../shared/credit/describe';
import { ratiosWithoutBase } from '../shared/credit/features';
import type { EnterpriseProfile } from '../shared/credit/profile';
import { en } from '../shared/i18n/en';
import { zhCN } from '../shared/i18n/zh-CN';
import { groupMoney } from '../shared/money/group';
import { slaRuns } from '../shared/workflow/sla';
import { slaCountdown, split, waitingWorkingMs } from './common/working-time';

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

// Figures by kind of value: counts and borrower counts grouped, money exact to the fen, ratios with a
// percent sign, durations in hours, pass/fail checks in words. The API sends exact decimal strings;
// nothing here goes through floating point.

const DICT = { 'zh-CN': zhCN.dash, en: en.dash } as const;
const words = (lang: string) => (lang.startsWith('en') ? DICT.en : DICT['zh-CN']);

/** An exact decimal as the API sends it. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Shown where a figure does not exist (no base for a ratio, no target). */
export const NONE = '—';

export interface FormatOptions {
  /** Append the unit ("1,448 户", "12.50 小时"): where the column header does not say it. */
  withUnit?: boolean;
}

/** A figure of a dashboard in the given language (`zh-CN` or `en`). */
export function formatValue(
  v: string | null | undefined,
  unit: Unit | string,
  lang = 'zh-CN',
  opts: FormatOptions = {},
): string {
  if (v == null || v === '') return NONE;
  const w = words(lang);
  if (unit === 'check') {
    if (v === 'true') return w.check.met;
    if (v === 'false') return w.check.notMet;
    return NONE;
  }
  // Anything else is a number: never show a stray word (NaN, Infinity, a key) as a figure.
  if (!DECIMAL.test(v)) return NONE;
  if (unit === 'percent') return `${v}%`;
  const grouped = groupMoney(v);
  if (!opts.withUnit) return grouped;
  const suffix = (w.unitSuffix as Record<string, string>)[unit] ?? '';
  return suffix ? `${grouped} ${suffix}` : grouped;
}

/**
 * Yuan as 万元 with two places, rounded half-up, exactly ("123456789.50" → "12,345.68"): for reading a
 * large sum at a glance beside its exact figure.
 */
export function toWan(yuan: string): string | null {
  if (!DECIMAL.test(yuan)) return null;
  const neg = yuan.startsWith('-');
  const [i = '0', f = ''] = (neg ? yuan.slice(1) : yuan).split('.');
  const fen = BigInt(i) * 100n + BigInt(`${f}00`.slice(0, 2));
  // 万元 with two places = fen / 10,000, rounded half-up on the magnitude.
  const q = (fen + 5_000n) / 10_000n;
  const s = `${q / 100n}.${String(q % 100n).padStart(2, '0')}`;
  return `${neg && q > 0n ? '-' : ''}${groupMoney(s)}`;
}

/** A tooltip's figure: exact, with its unit; sums of at least 10,000 yuan also in 万元. */
export function formatTooltip(v: string | null | undefined, unit: Unit | string, lang = 'zh-CN'): string {
  const text = formatValue(v, unit, lang, { withUnit: true });
  if (unit !== 'yuan' || v == null || !DECIMAL.test(v)) return text;
  const abs = v.replace('-', '');
  if (abs.split('.')[0]!.length < 5) return text;
  const wan = `${toWan(v)} ${words(lang).wan}`;
  return lang.startsWith('en') ? `${text} (${wan})` : `${text}（${wan}）`;
}

// Instants, always on the bank's clock (Beijing), whatever the PC's zone.

/** An instant as Beijing wall-clock time, "2026-03-02 17:30" (the bank's time, whatever the PC's zone). */
export function beijingDateTime(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return NONE;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** An instant as date and time in the user's language (zh-CN or en-GB style), on Beijing's clock. */
export function formatInstant(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
  });
}

// SLA and waiting time, in working time on the bank calendar.

/** "1天2时5分" / "1d 2h 5m" — working time, a working day being the bank's 7 working hours. */
export function formatWorkingDuration(t: TFunction, ms: number): string {
  const { days, hours, minutes } = split(ms);
  if (days > 0) return t('duration.dhm', { d: days, h: hours, m: minutes });
  if (hours > 0) return t('duration.hm', { h: hours, m: minutes });
  return t('duration.m', { m: minutes });
}

export function formatSla(t: TFunction, now: number, dueAt: string | null): string {
  if (!dueAt) return t('sla.none');
  const c = slaCountdown(now, dueAt);
  const d = formatWorkingDuration(t, Math.abs(c.workingMs));
  const text = c.overdue ? t('sla.overdue', { d }) : t('sla.left', { d });
  // A deadline that rests on provisional holidays (or weekdays only, past the calendar's data) says so.
  return deadlineIsProvisional(dueAt) ? `${text} ${t('sla.provisional')}` : text;
}

type SlaFacts = Pick<ApplicationSummary, 'status' | 'slaDueAt' | 'slaState'>;

/** A case's SLA cell: the countdown while the SLA runs; "awaiting the customer" when returned; else nothing. */
export function formatCaseSla(t: TFunction, now: number, c: SlaFacts): string {
  if (slaRuns(c.status)) return formatSla(t, now, c.slaDueAt);
  return c.status === 'returned' ? t('sla.returned') : t('sla.none');
}

/** The class of a case's SLA cell: its state only while the SLA runs. */
export function slaClass(c: SlaFacts): string {
  if (slaRuns(c.status)) return `sla sla-${c.slaState ?? 'none'}`;
  return c.status === 'returned' ? 'sla sla-paused' : 'sla sla-none';
}

export function formatWaiting(t: TFunction, now: number, submittedAt: string): string {
  return formatWorkingDuration(t, waitingWorkingMs(now, submittedAt));
}

/** The assignee by name: who claimed the case last, from its history (the id only when no claim is recorded). */
export function assigneeName(d: {
  assigneeId: string | null;
  assigneeName?: string | null;
  history?: ApplicationDetail['history'];
}) {
  if (d.assigneeName) return d.assigneeName;
  const claim = d.history?.findLast((h) => h.action === 'claim' && h.actorId === d.assigneeId);
  return claim?.actorName ?? d.assigneeId ?? '';
}
