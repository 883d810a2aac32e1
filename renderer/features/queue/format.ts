import type { TFunction } from 'i18next';
import { slaCountdown, split, waitingWorkingMs } from './queue-logic';

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
  return c.overdue ? t('sla.overdue', { d }) : t('sla.left', { d });
}

export function formatWaiting(t: TFunction, now: number, submittedAt: string): string {
  return formatWorkingDuration(t, waitingWorkingMs(now, submittedAt));
}

export function formatInstant(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
  });
}
