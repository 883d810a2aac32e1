import { describe, expect, it } from 'vitest';
import { FEATURE_CAP_BP } from '../credit/features';
import { zhCN } from '../i18n/zh-CN';
import { metricValue } from './format';

describe('metricValue', () => {
  const labels = zhCN.compare;
  it('states a ratio at the engine cap as a bound, any other percent as it is', () => {
    expect(FEATURE_CAP_BP).toBe(99_999);
    expect(metricValue('999.99', 'percent', labels)).toBe('≥ 999.99%');
    expect(metricValue('999.98', 'percent', labels)).toBe('999.98%');
    expect(metricValue('-100.00', 'percent', labels)).toBe('-100.00%');
    expect(metricValue(null, 'percent', labels)).toBe('—');
  });
  it('groups money and puts flags in words', () => {
    expect(metricValue('1234567.50', 'yuan', labels)).toBe('1,234,567.50');
    expect(metricValue('true', 'flag', labels)).toBe(labels.yes);
  });
});
