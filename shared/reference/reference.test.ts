import { describe, expect, it } from 'vitest';
import { EXCLUDED_INDUSTRY_PREFIXES } from '../credit/negative-list';
import {
  INDUSTRY_NAMES,
  INDUSTRY_SECTIONS,
  industryLabel,
  industryName,
  industrySectionName,
  isIndustryCode,
} from './industries';
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

  it('lists only valid codes: classes of their section, no group codes posing as classes', () => {
    for (const code of Object.keys(INDUSTRY_NAMES)) expect([code, isIndustryCode(code)]).toEqual([code, true]);
    for (const p of EXCLUDED_INDUSTRY_PREFIXES) expect([p, isIndustryCode(p)]).toEqual([p, true]);
    expect(isIndustryCode('G5430')).toBe(false); // 道路货物运输 is a group: 5431–5439
    expect(isIndustryCode('E5010')).toBe(false); // 建筑装饰和装修业 is a group: 5011–5013
    expect(isIndustryCode('G5431')).toBe(true);
    expect(isIndustryCode('E4710')).toBe(true); // 住宅房屋建筑: one class
    expect(isIndustryCode('F5427')).toBe(false); // F has divisions 51–52 only
    expect(isIndustryCode('C0101')).toBe(false);
    expect(isIndustryCode('A010')).toBe(false);
    expect(isIndustryCode('c3484')).toBe(false);
    expect(industryName('F5127')).toBe('酒、饮料及茶叶批发');
    expect(industryName('R9041')).toBe('体育彩票服务');
    expect(industryName('R9043')).toBe('彩票活动'); // by its group
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
