import { describe, expect, it } from 'vitest';
import { makeUscc } from '../ids/uscc';
import { CUSTOMER_GROUP_RULES, customerGroupsOf, materialLists, materialName, materialsFor } from './materials';
import { getProduct, PRODUCTS } from './products';

const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('material lists by product and customer group', () => {
  it('groups an applicant by entity type, age and industry', () => {
    const company = { uscc: makeUscc('12345678'), industryCode: 'C3311', establishedDate: '2018-03-01' };
    expect(customerGroupsOf(company, '2026-11-30')).toEqual(['small_micro']);
    expect(customerGroupsOf({ ...company, establishedDate: '2025-01-01' }, '2026-11-30')).toEqual([
      'small_micro',
      'startup',
    ]);
    // exactly 24 months is no longer a start-up
    expect(customerGroupsOf({ ...company, establishedDate: '2024-11-30' }, '2026-11-30')).toEqual(['small_micro']);
    expect(customerGroupsOf({ ...company, industryCode: 'A0141' }, '2026-11-30')).toEqual([
      'small_micro',
      'agricultural',
    ]);
    const individual = { ...company, uscc: makeUscc('12345678', '310115', '92') };
    expect(customerGroupsOf(individual, '2026-11-30')).toEqual(['individual_business']);
    const coop = { ...company, uscc: makeUscc('12345678', '310115', '93') };
    expect(customerGroupsOf(coop, '2026-11-30')).toEqual(['small_micro', 'agricultural']);
  });

  it('a group adds its items and drops what does not apply to it', () => {
    const ldd = getProduct('LDD');
    expect(codes(materialsFor(ldd, ['small_micro']))).toEqual(codes(ldd.materials));
    const ind = codes(materialsFor(ldd, ['individual_business']));
    expect(ldd.materials.some((m) => m.code === 'MAT_ARTICLES')).toBe(true);
    expect(ind).not.toContain('MAT_ARTICLES');
    expect(ind).toContain('MAT_SPOUSE_CONSENT');
    const young = materialsFor(ldd, ['small_micro', 'startup', 'agricultural']);
    expect(codes(young)).toEqual([...codes(ldd.materials), 'MAT_BUSINESS_PLAN', 'MAT_PREMISES', 'MAT_LAND_RIGHTS']);
    expect(young.filter((m) => !m.electronic).map((m) => m.code)).toContain('MAT_LAND_RIGHTS');
  });

  it('publishes one list per product and group, each item named in both languages', () => {
    const lists = materialLists();
    expect(lists).toHaveLength(PRODUCTS.length * CUSTOMER_GROUP_RULES.length);
    for (const l of lists) {
      expect(l.items.length).toBeGreaterThan(0);
      for (const i of l.items) expect(i.name.zh && i.name.en).toBeTruthy();
      expect(new Set(codes(l.items)).size).toBe(l.items.length);
    }
    const startup = lists.find((l) => l.productCode === 'XMD' && l.group === 'startup')!;
    expect(codes(startup.items)).toContain('MAT_BUSINESS_PLAN');
  });

  it('names every item a checklist can hold — products and customer groups alike (dashboards label by it)', () => {
    const all = [...PRODUCTS.flatMap((p) => p.materials), ...CUSTOMER_GROUP_RULES.flatMap((g) => g.adds)];
    for (const m of all) expect(materialName(m.code), m.code).toEqual(m.name);
    expect(materialName('MAT_LAND_RIGHTS')?.zh).toBe('土地承包经营权证或土地流转合同');
    expect(materialName('NOPE')).toBeNull();
  });
});
