import { beforeAll, describe, expect, it } from 'vitest';
import { CreateApplicationRequestSchema } from '../../shared/api/applications';
import { isWorkingDay } from '../../shared/calendar/business-calendar';
import { evaluateNegativeList, NEGATIVE_LIST_2025 } from '../../shared/credit/negative-list';
import { checkProductLimits, getProduct } from '../../shared/credit/products';
import { type EnterpriseProfile, EnterpriseProfileSchema } from '../../shared/credit/profile';
import { checkResidentId, checkUscc, makeUscc } from '../../shared/ids';
import { parseMoney } from '../../shared/money/money';
import { branchForRegion } from '../workflow/branches';
import { assembleProfile } from './assemble';
import { createSandboxSources, sandboxEnterprise, sandboxEnterprises } from './sandbox';
import { sandboxApplicationRequests } from './sandbox-applications';

const SEED = 'sandbox-test';
const AS_OF = '2026-11-27';
const N = 2000;

let profiles: EnterpriseProfile[] = [];
beforeAll(async () => {
  const sources = createSandboxSources(SEED);
  profiles = [];
  for (const e of sandboxEnterprises(N, AS_OF, SEED)) profiles.push((await assembleProfile(sources, e.uscc, AS_OF))!);
});

const share = (pred: (p: EnterpriseProfile) => boolean) => profiles.filter(pred).length / profiles.length;

describe('sandbox sources', () => {
  it('name themselves as the sandbox', () => {
    const s = createSandboxSources(SEED);
    expect(s.name).toBe('sandbox');
    expect(s.registry.name).toBe('sandbox');
  });

  it('give the same profile for the same seed, and another for another seed', async () => {
    const { uscc } = sandboxEnterprise(7, SEED);
    const a = await assembleProfile(createSandboxSources(SEED), uscc, AS_OF);
    const b = await assembleProfile(createSandboxSources(SEED), uscc, AS_OF);
    const c = await assembleProfile(createSandboxSources('another-seed'), uscc, AS_OF);
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c!.name === a!.name && c!.monthly[0]!.vatSales === a!.monthly[0]!.vatSales).toBe(false);
  });

  it('generate profiles the schema accepts, with valid codes, IDs and Chinese company names', () => {
    expect(profiles).toHaveLength(N);
    for (const p of profiles) {
      expect(EnterpriseProfileSchema.safeParse(p).success).toBe(true);
      expect(checkUscc(p.uscc).ok).toBe(true);
      expect(checkResidentId(p.legalRepId, AS_OF).ok).toBe(true);
      expect(p.uscc.slice(2, 8)).toBe(p.region);
      expect(p.name).toMatch(/^(上海|杭州|宁波|温州|绍兴)[\u4e00-\u9fff]{2}[\u4e00-\u9fffA-Z]{2,6}有限公司$/);
      expect(p.establishedDate <= AS_OF).toBe(true);
    }
    expect(new Set(profiles.map((p) => p.uscc)).size).toBe(N);
  });

  it('register enterprises in every branch of the sandbox bank', () => {
    const branches = new Set(profiles.map((p) => branchForRegion(p.region)));
    expect([...branches].sort()).toEqual(['HZ', 'HZ-XH', 'SH', 'SH-PD', 'SH-XH']);
  });

  it('know any valid enterprise code, but not other kinds of organisation or invalid codes', async () => {
    const s = createSandboxSources(SEED);
    const stranger = makeUscc('31415926', '440305');
    const p = await assembleProfile(s, stranger, AS_OF);
    expect(p?.name).toMatch(/^广东/);
    expect(await assembleProfile(s, stranger, AS_OF)).toEqual(p);
    expect(await assembleProfile(s, makeUscc('31415926', '110101', '11'), AS_OF)).toBeNull(); // a government body
    const wrongCheck = stranger.slice(0, 17) + (stranger[17] === '0' ? '1' : '0');
    expect(await assembleProfile(s, wrongCheck, AS_OF)).toBeNull();
  });

  it('do not know an enterprise before it was founded', async () => {
    const s = createSandboxSources(SEED);
    const p = profiles[0]!;
    expect(await s.registry.fetch(p.uscc, '1999-12-31')).toBeNull();
    expect(await s.tax.fetch(p.uscc, '1999-12-31')).toBeNull();
  });

  it('tell one story over time: a month has the same figures whatever the as-of date', async () => {
    const s = createSandboxSources(SEED);
    const p = profiles.find((x) => x.establishedDate < '2020-01-01' && x.monthly[0]!.settlementInflow !== '0.00')!;
    const later = (await assembleProfile(s, p.uscc, '2027-03-15'))!;
    const byMonth = new Map(later.monthly.map((m) => [m.month, m]));
    for (const m of p.monthly.filter((x) => x.month >= later.monthly[0]!.month))
      expect(byMonth.get(m.month)).toEqual(m);
  });

  it('put a plausible share of enterprises on the negative list, public lists and bad ratings', () => {
    const negative = share((p) => {
      const facts = { ...p.publicFlags, taxRating: p.taxRating, industryCode: p.industryCode };
      return evaluateNegativeList(NEGATIVE_LIST_2025, facts).hit;
    });
    expect(negative).toBeGreaterThan(0.03);
    expect(negative).toBeLessThan(0.15);
    expect(share((p) => p.publicFlags.courtEnforcement)).toBeGreaterThan(0.003);
    expect(share((p) => p.publicFlags.courtEnforcement)).toBeLessThan(0.05);
    expect(share((p) => p.publicFlags.abnormalOperation)).toBeLessThan(0.05);
    expect(share((p) => p.taxRating === 'D')).toBeLessThan(0.04);
    expect(share((p) => p.bureau.overdueCount12m === 0)).toBeGreaterThan(0.8);
    expect(share((p) => p.sizeClass === 'micro')).toBeGreaterThan(share((p) => p.sizeClass === 'medium'));
  });

  it('dip sales at the Spring Festival and peak them in the fourth quarter', () => {
    // asOf 2026-11: the window holds Feb 2026 (festival on 17 Feb) and Dec 2025.
    const total = (month: string) =>
      profiles.reduce((s, p) => s + parseMoney(p.monthly.find((m) => m.month === month)?.vatSales ?? '0'), 0n);
    expect(total('2026-02') * 100n).toBeLessThan(total('2026-04') * 85n);
    expect(total('2025-12')).toBeGreaterThan(total('2025-09'));
  });
});

describe('sandboxApplicationRequests', () => {
  const requests = sandboxApplicationRequests(600, SEED, { asOf: AS_OF, enterprises: 300 });

  it('is deterministic', () => {
    expect(sandboxApplicationRequests(600, SEED, { asOf: AS_OF, enterprises: 300 })).toEqual(requests);
  });

  it('asks for seeded enterprises within each product’s limits', () => {
    const seeded = new Set(sandboxEnterprises(300, AS_OF, SEED).map((e) => e.uscc));
    for (const r of requests) {
      const { submittedAt, ...body } = r;
      expect(CreateApplicationRequestSchema.safeParse(body).success).toBe(true);
      expect(seeded.has(r.uscc)).toBe(true);
      expect(() =>
        checkProductLimits(getProduct(r.productCode), parseMoney(r.amount), r.termMonths, r.repaymentMethod),
      ).not.toThrow();
      expect(r.purpose).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(new Set(requests.map((r) => r.productCode)).size).toBe(4);
    expect(new Set(requests.map((r) => r.channel)).size).toBe(4);
  });

  it('spreads submissions over the six months up to now, the last two working weeks busiest, mostly in working hours, oldest first', () => {
    const sorted = [...requests].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
    expect(requests).toEqual(sorted);
    let working = 0;
    for (const r of requests) {
      expect(r.submittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      const date = r.submittedAt.slice(0, 10);
      // asOf in the past: "now" is the end of that day.
      expect(date >= '2026-05-27' && date <= AS_OF).toBe(true);
      const hm = r.submittedAt.slice(11, 16);
      if (isWorkingDay(date) && ((hm >= '09:00' && hm < '12:00') || (hm >= '13:30' && hm < '17:30'))) working++;
      if (r.channel === 'branch') expect(isWorkingDay(date)).toBe(true);
    }
    expect(working / requests.length).toBeGreaterThan(0.8);
    // 14 Nov–27 Nov holds the last ten working days: busier per day than the months before.
    const perDay = (from: string, to: string, days: number) =>
      requests.filter((r) => r.submittedAt.slice(0, 10) >= from && r.submittedAt.slice(0, 10) <= to).length / days;
    expect(perDay('2026-11-14', '2026-11-27', 14)).toBeGreaterThan(perDay('2026-06-01', '2026-08-31', 92) * 1.5);
    expect(perDay('2026-06-01', '2026-06-30', 30)).toBeGreaterThan(0);
  });

  it('submits nothing after now, and on a day off today is the last working day', () => {
    // Sunday 29 November 2026, 10:00 in Beijing: Friday the 27th is the last working day.
    const now = Date.parse('2026-11-29T10:00:00+08:00');
    const rs = sandboxApplicationRequests(600, SEED, { asOf: '2026-11-29', now, enterprises: 300 });
    expect(rs.every((r) => Date.parse(r.submittedAt) <= now)).toBe(true);
    expect(rs.filter((r) => r.submittedAt.startsWith('2026-11-27')).length).toBeGreaterThan(3);
    // Only self-service channels submit on the weekend, and only out of working hours as it is one.
    for (const r of rs.filter((x) => x.submittedAt >= '2026-11-28')) expect(['mobile', 'online']).toContain(r.channel);
    expect(sandboxApplicationRequests(600, SEED, { asOf: '2026-11-29', now, enterprises: 300 })).toEqual(rs);
  });
});
