import { describe, expect, it } from 'vitest';
import { EXCLUDED_INDUSTRY_PREFIXES } from '../credit/negative-list';
import { INDUSTRY_SECTIONS, industryLabel, industryName, industrySectionName } from './industries';
import { regionLabel, regionName } from './regions';

describe('industry names (GB/T 4754-2017)', () => {
  it('a class by its name, a longer code by its nearest prefix, an unknown one by its section', () => {
    expect(industryName('A0141')).toBe('蔬菜种植');
    expect(industryName('A0141', 'en')).toBe('Vegetable growing');
    expect(industryName('K70101')).toBe('房地产开发经营');
    expect(industryName('C9999')).toBe('制造业');
    expect(industryName('Z0001')).toBeNull();
    expect(industryLabel('A0141')).toBe('蔬菜种植（A0141）');
    expect(industryLabel('Z0001')).toBe('Z0001');
    expect(industrySectionName('C3484')).toBe('制造业');
  });

  it('names every excluded prefix of the negative list and all 20 sections', () => {
    for (const p of EXCLUDED_INDUSTRY_PREFIXES) expect(industryName(p), p).not.toBeNull();
    expect(Object.keys(INDUSTRY_SECTIONS)).toHaveLength(20);
  });
});

describe('region names (GB/T 2260)', () => {
  it('province, prefecture and district', () => {
    expect(regionName('310104')).toBe('上海市徐汇区');
    expect(regionName('330106')).toBe('浙江省杭州市西湖区');
    expect(regionName('330106', 'en')).toBe('Xihu District, Hangzhou, Zhejiang');
    expect(regionName('339999')).toBe('浙江省');
    expect(regionName('990000')).toBeNull();
    expect(regionLabel('310115')).toBe('上海市浦东新区（310115）');
    expect(regionLabel('990000')).toBe('990000');
  });
});
