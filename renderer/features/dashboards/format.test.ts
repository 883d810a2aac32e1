import { describe, expect, it } from 'vitest';
import { cellUnit, csvValue, headerUnit } from './format';

describe('dashboard tables and CSV by unit', () => {
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
});
