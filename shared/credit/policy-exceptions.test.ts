import { describe, expect, it } from 'vitest';
import { assess } from './assess';
import {
  exceptionCodes,
  type PolicyExceptionInput,
  policyExceptions,
  RESTRICTED_INDUSTRIES,
  type RelatedPartyEntry,
  relatedPartyKeys,
  restrictedIndustry,
} from './policy-exceptions';
import { getProduct } from './products';
import { makeSampleProfile } from './sample-profile';

const ASOF = '2026-11-27';
const profile = { ...makeSampleProfile(7, { asOf: ASOF }), industryCode: 'C3484' };
const holder = '913101157231889085';
const withHolder = {
  ...profile,
  relations: [
    { name: profile.legalRepName, kind: 'shareholder' as const, sharePercent: '60.00' },
    { name: '上海润辰网络科技有限公司', kind: 'shareholder' as const, sharePercent: '40.00', uscc: holder },
  ],
};
const director: RelatedPartyEntry = {
  kind: 'person',
  name: '董某',
  idNumber: profile.legalRepId,
  uscc: null,
  relationZh: '本行董事',
  relationEn: 'director of the bank',
};
const controlled: RelatedPartyEntry = {
  kind: 'enterprise',
  name: '上海润辰网络科技有限公司',
  idNumber: null,
  uscc: holder,
  relationZh: '本行主要股东控制的企业',
  relationEn: 'controlled by a major shareholder of the bank',
};
const base = (over: Partial<PolicyExceptionInput> = {}): PolicyExceptionInput => ({
  profile,
  product: getProduct('XMD'),
  relatedParties: [],
  ...over,
});

describe('policy exceptions raised at submission', () => {
  it('raises none for a clean credit application', () => {
    expect(policyExceptions(base())).toEqual([]);
  });

  it('related party: the legal representative by resident ID, masked in the facts', () => {
    const ex = policyExceptions(base({ relatedParties: [director] }));
    expect(exceptionCodes(ex)).toEqual(['related_party']);
    expect(ex[0]!.facts.role).toBe('Legal representative');
    expect(ex[0]!.facts.idNumber).not.toBe(profile.legalRepId);
    expect(String(ex[0]!.facts.idNumber)).toMatch(/^\d{3}\*+[\dX]{4}$/);
    expect(ex[0]!.zh).toContain('本行董事');
  });

  it('related party: an enterprise shareholder by USCC, with its share; an unrelated list entry raises nothing', () => {
    const ex = policyExceptions(base({ profile: withHolder, relatedParties: [controlled] }));
    expect(ex).toHaveLength(1);
    expect(ex[0]).toMatchObject({ code: 'related_party', facts: { role: 'Shareholder', sharePercent: '40.00' } });
    const other = { ...controlled, uscc: '91310115000000000X' };
    expect(policyExceptions(base({ profile: withHolder, relatedParties: [other] }))).toEqual([]);
    // A person on the list with another ID number is not the legal representative, whatever the name.
    const namesake = { ...director, name: profile.legalRepName, idNumber: '110101199001011237' };
    expect(policyExceptions(base({ relatedParties: [namesake] }))).toEqual([]);
  });

  it('related party: a guarantor named in the application', () => {
    const ex = policyExceptions(
      base({
        product: getProduct('LDD'),
        guarantors: [{ name: '上海润辰网络科技有限公司', uscc: holder }],
        relatedParties: [controlled],
      }),
    );
    expect(exceptionCodes(ex)).toEqual(['related_party']);
    expect(ex[0]!.facts.role).toBe('Guarantor');
  });

  it('the lookup keys cover the legal representative, the applicant, enterprise relations and guarantors', () => {
    const keys = relatedPartyKeys(withHolder, [{ name: 'G', uscc: '91330106MA2B00000X' }]);
    expect(keys.idNumbers).toEqual([profile.legalRepId]);
    expect(keys.usccs).toEqual([profile.uscc, holder, '91330106MA2B00000X']);
  });

  it('restricted industry by GB/T 4754 prefix, from the list as data', () => {
    expect(restrictedIndustry('C3110')?.prefix).toBe('C31');
    expect(restrictedIndustry('C3011')?.prefix).toBe('C301');
    expect(restrictedIndustry('C3311')).toBeNull();
    const ex = policyExceptions(base({ profile: { ...profile, industryCode: 'B0610' } }));
    expect(ex).toMatchObject([{ code: 'industry_restricted', facts: { industryCode: 'B0610', prefix: 'B06' } }]);
    for (const r of RESTRICTED_INDUSTRIES) expect(r.prefix).toMatch(/^[A-T]\d{2,4}$/);
  });

  it('guarantor missing only for a guaranteed product without one', () => {
    expect(exceptionCodes(policyExceptions(base({ product: getProduct('LDD') })))).toEqual(['guarantor_missing']);
    expect(policyExceptions(base({ product: getProduct('LDD'), guarantors: [{ name: '某担保公司' }] }))).toEqual([]);
    expect(policyExceptions(base({ product: getProduct('DYD') }))).toEqual([]);
  });

  it('a rate exception below the product floor, exactly at the floor not', () => {
    const below = policyExceptions(base({ rateException: { annualRate: '2.99', reason: '战略客户' } }));
    expect(below).toMatchObject([
      { code: 'rate_below_floor', facts: { askedRate: '2.99', floorRate: '3.00', reason: '战略客户' } },
    ]);
    expect(policyExceptions(base({ rateException: { annualRate: '3.00', reason: '战略客户' } }))).toEqual([]);
    expect(policyExceptions(base({ rateException: { annualRate: '3', reason: '战略客户' } }))).toEqual([]);
  });

  it('each routes as the rules say: related party, industry and rate to the committee; guarantor to standard at least', () => {
    const app = {
      productCode: 'LDD',
      amount: '300000.00',
      termMonths: 12,
      repaymentMethod: 'equal_installment',
      asOf: ASOF,
    };
    const clean = assess(profile, app);
    expect(clean.routing.code).not.toBe('RT_AUTO_DECLINE');
    for (const code of ['related_party', 'industry_restricted', 'rate_below_floor']) {
      expect(assess(profile, { ...app, policyExceptions: [code] }).tier, code).toBe('committee');
    }
    expect(['standard', 'committee']).toContain(
      assess(profile, { ...app, policyExceptions: ['guarantor_missing'] }).tier,
    );
  });
});
