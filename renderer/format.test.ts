import { describe, expect, it } from 'vitest';
import { beijingInstant } from '../shared/calendar';
import { slaRuns } from '../shared/workflow/sla';
import {
  beijingDateTime,
  formatCaseSla,
  formatSla,
  formatTooltip,
  formatValue,
  formatWaiting,
  slaClass,
  toWan,
} from './format';

describe('dashboard figures by kind of value', () => {
  it('counts are grouped counts, never percentages', () => {
    expect(formatValue('1448', 'count')).toBe('1,448');
    expect(formatValue('1448', 'count', 'zh-CN', { withUnit: true })).toBe('1,448 笔');
    expect(formatValue('0', 'count')).toBe('0');
    expect(formatValue('1235', 'borrowers', 'zh-CN', { withUnit: true })).toBe('1,235 户');
    expect(formatValue('1235', 'borrowers', 'en', { withUnit: true })).toBe('1,235 borrowers');
    expect(formatValue('1448', 'count', 'en', { withUnit: true })).toBe('1,448');
    for (const u of ['count', 'borrowers'] as const) expect(formatValue('1448', u)).not.toContain('%');
  });

  it('money is exact, grouped, with 元 or 万元', () => {
    expect(formatValue('3000000.00', 'yuan')).toBe('3,000,000.00');
    expect(formatValue('3000000.05', 'yuan', 'zh-CN', { withUnit: true })).toBe('3,000,000.05 元');
    expect(formatValue('-1234.50', 'yuan')).toBe('-1,234.50');
    // Beyond a double's exact range: still exact.
    expect(formatValue('123456789012345678.91', 'yuan')).toBe('123,456,789,012,345,678.91');
    expect(toWan('123456789.50')).toBe('12,345.68');
    expect(toWan('49.99')).toBe('0.00');
    expect(toWan('50.00')).toBe('0.01');
    expect(toWan('-123456789.50')).toBe('-12,345.68');
    expect(formatTooltip('123456789.50', 'yuan')).toBe('123,456,789.50 元（12,345.68 万元）');
    expect(formatTooltip('9999.99', 'yuan')).toBe('9,999.99 元');
    expect(formatTooltip('123456789.50', 'yuan', 'en')).toBe('123,456,789.50 yuan (12,345.68 10k yuan)');
  });

  it('ratios are percentages with their exact places', () => {
    expect(formatValue('12.34', 'percent')).toBe('12.34%');
    expect(formatValue('-3.10', 'percent')).toBe('-3.10%');
    expect(formatValue('12.34', 'percent', 'zh-CN', { withUnit: true })).toBe('12.34%');
  });

  it('checks read 达标 / 未达标 (Met / Not met), never true / false', () => {
    expect(formatValue('true', 'check')).toBe('达标');
    expect(formatValue('false', 'check')).toBe('未达标');
    expect(formatValue('true', 'check', 'en')).toBe('Met');
    expect(formatValue('false', 'check', 'en')).toBe('Not met');
    expect(formatValue(null, 'check')).toBe('—');
  });

  it('durations in hours; missing or stray values are a dash, never NaN, null or a word', () => {
    expect(formatValue('12.50', 'hours', 'zh-CN', { withUnit: true })).toBe('12.50 小时');
    expect(formatValue('1200.5', 'hours')).toBe('1,200.5');
    for (const raw of [null, undefined, '', 'NaN', 'Infinity', 'undefined', 'null', 'avgRate', 'true'])
      expect(formatValue(raw, 'count'), String(raw)).toBe('—');
    expect(formatValue('NaN', 'percent')).toBe('—');
  });

  it('instants in Beijing time whatever the PC’s zone', () => {
    expect(beijingDateTime('2026-03-02T09:30:00.000Z')).toBe('2026-03-02 17:30');
    expect(beijingDateTime('2026-03-02T17:30:00+08:00')).toBe('2026-03-02 17:30');
    expect(beijingDateTime(null)).toBe('—');
  });
});

describe('SLA and waiting time in working time', () => {
  // Monday 2026-11-30, Beijing time.
  const mon = (h: number, m = 0) => beijingInstant('2026-11-30', h, m);

  it('formats the countdown and waiting time in the user’s language', () => {
    const t = ((k: string, o: Record<string, unknown>) =>
      k === 'duration.dhm'
        ? `${o.d}d ${o.h}h ${o.m}m`
        : k === 'duration.hm'
          ? `${o.h}h ${o.m}m`
          : k === 'duration.m'
            ? `${o.m}m`
            : k === 'sla.left'
              ? `${o.d} left`
              : k === 'sla.overdue'
                ? `${o.d} overdue`
                : '—') as never;
    expect(formatSla(t, mon(9), new Date(beijingInstant('2026-12-02', 10, 15)).toISOString())).toBe('2d 1h 15m left');
    expect(formatSla(t, mon(16), new Date(mon(15, 45)).toISOString())).toBe('15m overdue');
    expect(formatSla(t, mon(9), null)).toBe('—');
    // A deadline in 2027 (provisional holidays) or past the calendar's data carries the flag beside it.
    const flagT = ((k: string, o?: Record<string, unknown>) =>
      k === 'sla.provisional' ? '(provisional)' : k === 'sla.left' ? `${o?.d} left` : 'x') as never;
    const due2027 = new Date(beijingInstant('2027-12-31', 17, 30)).toISOString();
    expect(formatSla(flagT, beijingInstant('2027-12-30', 9), due2027)).toBe('x left (provisional)');
    const due2028 = new Date(beijingInstant('2028-01-04', 17, 30)).toISOString();
    expect(formatSla(flagT, beijingInstant('2027-12-30', 9), due2028)).toBe('x left (provisional)');
    expect(formatSla(flagT, mon(9), new Date(mon(15)).toISOString())).toBe('x left');
    expect(formatWaiting(t, mon(13, 45), new Date(mon(11, 30)).toISOString())).toBe('45m');
  });

  it('runs the SLA clock only while the case waits on the bank: none when returned to the customer or closed', () => {
    const t = ((k: string, o?: Record<string, unknown>) =>
      k === 'sla.overdue' ? `${o?.d} overdue` : k.startsWith('duration.') ? 'x' : k) as never;
    const due = new Date(mon(9)).toISOString();
    const late = { slaDueAt: due, slaState: 'overdue' as const };
    expect(formatCaseSla(t, mon(16), { status: 'in_review', ...late })).toBe('x overdue');
    expect(slaClass({ status: 'in_review', ...late })).toBe('sla sla-overdue');
    expect(formatCaseSla(t, mon(16), { status: 'returned', ...late })).toBe('sla.returned');
    expect(slaClass({ status: 'returned', ...late })).toBe('sla sla-paused');
    for (const status of ['approved', 'contracting', 'signed', 'disbursed', 'declined', 'withdrawn'] as const) {
      expect(formatCaseSla(t, mon(16), { status, ...late })).toBe('sla.none');
      expect(slaClass({ status, ...late })).toBe('sla sla-none');
    }
    expect(['submitted', 'screened', 'in_review', 'escalated', 'committee'].every((s) => slaRuns(s as never))).toBe(
      true,
    );
  });
});
