/**
 * The sandbox's size classes follow the industry thresholds of 工信部联企业〔2011〕300号, and its
 * industry codes are GB/T 4754-2017 classes with names.
 */
import { describe, expect, it } from 'vitest';
import { evaluateNegativeList, NEGATIVE_LIST_2025 } from '../../shared/credit/negative-list';
import { INDUSTRY_NAMES, isIndustryCode } from '../../shared/reference/industries';
import { classifySize, sizeFamilyOf } from '../../shared/reference/size-classes';
import { sandboxEnterprise } from './sandbox';
import { INDUSTRIES, SIZE_ORDER, sizeBand } from './sandbox-catalogue';
import { enterpriseTraits } from './sandbox-traits';

const SEED = 'sandbox-sizes';
const N = 4000;

describe('sandbox size classes and industry codes', () => {
  it('classes every enterprise as its industry’s thresholds say, on its staff, revenue and assets', () => {
    const byFamily = new Map<string, Set<string>>();
    for (let i = 0; i < N; i++) {
      const e = sandboxEnterprise(i, SEED);
      const t = enterpriseTraits(SEED, e.uscc);
      const c = classifySize({
        industryCode: t.industry.code,
        staff: t.staff,
        revenueYuan: t.monthlySalesYuan * 12,
        assetsYuan: t.totalAssetsWan === null ? null : t.totalAssetsWan * 10_000,
      });
      expect(c.missing).toEqual([]);
      expect([e.uscc, t.industry.code, c.sizeClass]).toEqual([e.uscc, t.industry.code, e.sizeClass]);
      if (t.headcount !== null) expect(t.headcount).toBe(t.staff);
      const seen = byFamily.get(c.family) ?? new Set();
      seen.add(c.sizeClass);
      byFamily.set(c.family, seen);
    }
    // Every class the catalogue weights appears; agriculture has no medium enterprises in the sandbox.
    expect([...byFamily.get('industry')!].sort()).toEqual(['medium', 'micro', 'small']);
    expect([...byFamily.get('wholesale')!].sort()).toEqual(['medium', 'micro', 'small']);
    expect([...byFamily.get('agriculture')!].sort()).toEqual(['micro', 'small']);
  });

  it('keeps each band inside its class at both ends', () => {
    for (const ind of INDUSTRIES) {
      for (const size of SIZE_ORDER) {
        const b = sizeBand(ind.code, size);
        expect(b.monthlySalesYuan[0]).toBeLessThanOrEqual(b.monthlySalesYuan[1]);
        expect(b.staff[0]).toBeLessThanOrEqual(b.staff[1]);
        for (const staff of b.staff)
          for (const sales of b.monthlySalesYuan) {
            for (const assets of b.assetsWan ?? [null]) {
              const c = classifySize({
                industryCode: ind.code,
                staff,
                revenueYuan: sales * 12,
                assetsYuan: assets === null ? null : assets * 10_000,
              });
              expect([ind.code, size, staff, sales, assets, c.sizeClass]).toEqual([
                ind.code,
                size,
                staff,
                sales,
                assets,
                size,
              ]);
            }
          }
      }
    }
  });

  it('uses GB/T 4754-2017 classes with names; the negative-list trades are caught', () => {
    for (const ind of INDUSTRIES) {
      expect([ind.code, isIndustryCode(ind.code) && ind.code.length === 5]).toEqual([ind.code, true]);
      expect(INDUSTRY_NAMES[ind.code], ind.code).toBeDefined();
      expect(sizeFamilyOf(ind.code)).toBeTypeOf('string');
    }
    const codes = INDUSTRIES.map((i) => i.code);
    expect(codes).toContain('F5127'); // 茶业、酒业: 酒、饮料及茶叶批发
    expect(codes).toContain('G5431');
    expect(codes).toContain('E5012');
    expect(codes.filter((c) => ['F5124', 'G5430', 'E5010'].includes(c))).toEqual([]);
    expect(INDUSTRIES.find((i) => i.code === 'F5127')!.words).toEqual(['茶业', '酒业']);
    const clean = { courtEnforcement: false, abnormalOperation: false, taxRating: 'B', adminPenalties: 0 };
    const excluded = INDUSTRIES.filter(
      (i) => evaluateNegativeList(NEGATIVE_LIST_2025, { ...clean, industryCode: i.code }).hit,
    );
    expect(excluded.map((i) => i.code)).toEqual(['K7010', 'J6999', 'R9011', 'R9013']);
  });
});
