import { describe, expect, it } from 'vitest';
import { beijingDateTime, cellUnit, csvValue, formatTooltip, formatValue, headerUnit, toWan } from './format';

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

  it('a row may carry its own unit for a series (borrowers in a column of ratios)', () => {
    const series = { key: 'value', unit: 'percent' as const };
    const rows = [{ units: { value: 'borrowers' as const } }, {}];
    expect(cellUnit(rows[0]!, series)).toBe('borrowers');
    expect(cellUnit(rows[1]!, series)).toBe('percent');
    expect(headerUnit(rows, series)).toBeNull();
    expect(headerUnit([{}, {}], series)).toBe('percent');
    expect(headerUnit([{}], { key: 'met', unit: 'check' })).toBeNull();
  });

  it('CSV keeps exact figures, checks in words, mixed cells with their unit', () => {
    expect(csvValue('3000000.00', 'yuan', 'yuan')).toBe('3000000.00');
    expect(csvValue('true', 'check', 'check')).toBe('达标');
    expect(csvValue('1448', 'borrowers', 'percent')).toBe('1,448 户');
    expect(csvValue(null, 'count', 'count')).toBeNull();
  });

  it('instants in Beijing time whatever the PC’s zone', () => {
    expect(beijingDateTime('2026-03-02T09:30:00.000Z')).toBe('2026-03-02 17:30');
    expect(beijingDateTime('2026-03-02T17:30:00+08:00')).toBe('2026-03-02 17:30');
    expect(beijingDateTime(null)).toBe('—');
  });
});
