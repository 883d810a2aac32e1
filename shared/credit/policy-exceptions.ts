/**
 * Policy exceptions raised at submission (政策例外), from the data and the request — never typed in by
 * hand: a related party of the bank (the registry's relations against the bank's related-party list),
 * a restricted industry, a guaranteed product without a guarantor, a rate below the product's floor
 * asked by the relationship manager. Each carries its code (the routing rules route on it:
 * shared/credit/routing.ts `committeeExceptions`), a reason in Chinese and English, and the facts that
 * raised it. Pure: the related-party list is passed in (the bank API reads it from `related_parties`).
 */
import { parseRatePercent } from '../money/money';
import type { Bilingual } from './grades';
import type { Product } from './products';
import type { EnterpriseProfile } from './profile';

export type PolicyExceptionCode = 'related_party' | 'industry_restricted' | 'guarantor_missing' | 'rate_below_floor';

/** Each exception's name, for texts that list them (the routing reason): never the code itself. */
export const POLICY_EXCEPTION_NAMES: Readonly<Record<PolicyExceptionCode, Bilingual>> = {
  related_party: { zh: '关联方', en: 'related party' },
  industry_restricted: { zh: '限制类行业', en: 'restricted industry' },
  guarantor_missing: { zh: '缺少保证人', en: 'guarantor missing' },
  rate_below_floor: { zh: '利率低于产品下限', en: 'rate below the product floor' },
};

/** The exceptions' names joined for a sentence ("关联方、限制类行业"; "related party, restricted industry"); an unknown code stays as it is. */
export function policyExceptionNames(codes: readonly string[], lang: keyof Bilingual): string {
  return codes
    .map((c) => POLICY_EXCEPTION_NAMES[c as PolicyExceptionCode]?.[lang] ?? c)
    .join(lang === 'zh' ? '、' : ', ');
}

export interface PolicyException {
  code: PolicyExceptionCode;
  zh: string;
  en: string;
  facts: Record<string, string | number | boolean | null>;
}

/** One entry of the bank's related-party list (关联方名单): a person by resident ID, an enterprise by USCC. */
export interface RelatedPartyEntry {
  kind: 'person' | 'enterprise';
  name: string;
  /** Resident ID number (persons). */
  idNumber: string | null;
  /** Unified social credit code (enterprises). */
  uscc: string | null;
  /** How the party is related to the bank, e.g. 本行董事 / director of the bank. */
  relationZh: string;
  relationEn: string;
}

/**
 * Restricted industries (限制类行业, "两高一剩": high pollution, high energy use, overcapacity), by
 * GB/T 4754-2017 code prefix. Lending to them is possible only as a committee exception. (Industries the
 * bank does not lend to at all are on the negative list, shared/credit/negative-list.ts.)
 */
export const RESTRICTED_INDUSTRIES: readonly { prefix: string; zh: string; en: string }[] = [
  { prefix: 'B06', zh: '煤炭开采和洗选业', en: 'coal mining and washing' },
  { prefix: 'C25', zh: '石油、煤炭及其他燃料加工业', en: 'petroleum, coal and other fuel processing' },
  { prefix: 'C301', zh: '水泥、石灰和石膏制造', en: 'cement, lime and gypsum' },
  { prefix: 'C3041', zh: '平板玻璃制造', en: 'flat glass' },
  { prefix: 'C31', zh: '黑色金属冶炼和压延加工业', en: 'ferrous metal smelting and rolling' },
  { prefix: 'C3216', zh: '铝冶炼', en: 'aluminium smelting' },
  { prefix: 'C3731', zh: '金属船舶制造', en: 'metal shipbuilding' },
];

/** A guarantor named in the application (保证人). */
export interface Guarantor {
  name: string;
  uscc?: string | undefined;
}

/** The rate the relationship manager asks for below the priced rate, with the reason (利率优惠申请). */
export interface RateException {
  annualRate: string;
  reason: string;
}

export interface PolicyExceptionInput {
  profile: Pick<EnterpriseProfile, 'uscc' | 'name' | 'legalRepName' | 'legalRepId' | 'industryCode' | 'relations'>;
  product: Pick<Product, 'code' | 'guaranteeType' | 'pricing'>;
  guarantors?: readonly Guarantor[] | undefined;
  rateException?: RateException | undefined;
  relatedParties: readonly RelatedPartyEntry[];
}

/** The keys a related-party lookup needs for this profile and request (resident IDs and USCCs). */
export function relatedPartyKeys(
  profile: PolicyExceptionInput['profile'],
  guarantors: readonly Guarantor[] = [],
): { idNumbers: string[]; usccs: string[] } {
  const usccs = new Set<string>([profile.uscc]);
  for (const r of profile.relations ?? []) if (r.uscc) usccs.add(r.uscc);
  for (const g of guarantors) if (g.uscc) usccs.add(g.uscc);
  return { idNumbers: [profile.legalRepId], usccs: [...usccs] };
}

/** Masks a resident ID for the facts kept on the case: first 3 and last 4 characters. */
const maskId = (id: string) => `${id.slice(0, 3)}${'*'.repeat(Math.max(0, id.length - 7))}${id.slice(-4)}`;

function relatedPartyHits(input: PolicyExceptionInput): PolicyException[] {
  const { profile } = input;
  const out: PolicyException[] = [];
  const seen = new Set<string>();
  const hit = (entry: RelatedPartyEntry, roleZh: string, roleEn: string, facts: PolicyException['facts']) => {
    const key = `${entry.kind}:${entry.idNumber ?? entry.uscc}:${roleEn}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({
      code: 'related_party',
      zh: `${roleZh}「${entry.name}」为本行关联方（${entry.relationZh}）`,
      en: `${roleEn} "${entry.name}" is a related party of the bank (${entry.relationEn})`,
      facts: { role: roleEn, name: entry.name, relation: entry.relationEn, ...facts },
    });
  };
  for (const e of input.relatedParties) {
    if (e.kind === 'person' && e.idNumber && e.idNumber === profile.legalRepId) {
      hit(e, '法定代表人', 'Legal representative', { idNumber: maskId(e.idNumber) });
    }
    if (e.kind !== 'enterprise' || !e.uscc) continue;
    if (e.uscc === profile.uscc) hit(e, '申请企业', 'The applicant', { uscc: e.uscc });
    for (const r of profile.relations ?? []) {
      if (r.uscc !== e.uscc) continue;
      if (r.kind === 'shareholder') {
        hit(e, '股东', 'Shareholder', { uscc: e.uscc, sharePercent: r.sharePercent ?? null });
      } else {
        hit(e, '登记保证人', 'Registered guarantor', { uscc: e.uscc });
      }
    }
    for (const g of input.guarantors ?? []) {
      if (g.uscc === e.uscc) hit(e, '保证人', 'Guarantor', { uscc: e.uscc });
    }
  }
  return out;
}

/** The restricted-industry entry an industry code falls under, if any. */
export function restrictedIndustry(industryCode: string) {
  return RESTRICTED_INDUSTRIES.find((r) => industryCode.startsWith(r.prefix)) ?? null;
}

/** The product's floor rate as a percent string ("3.00"). */
export const floorPercent = (product: Pick<Product, 'pricing'>) => (product.pricing.floorRateBp / 100).toFixed(2);

/** Every policy exception the submission raises, in a stable order (related party, industry, guarantor, rate). */
export function policyExceptions(input: PolicyExceptionInput): PolicyException[] {
  const out = relatedPartyHits(input);
  const industry = restrictedIndustry(input.profile.industryCode);
  if (industry) {
    out.push({
      code: 'industry_restricted',
      zh: `所属行业 ${input.profile.industryCode}（${industry.zh}）为限制类行业`,
      en: `Industry ${input.profile.industryCode} (${industry.en}) is restricted`,
      facts: { industryCode: input.profile.industryCode, prefix: industry.prefix },
    });
  }
  if (input.product.guaranteeType === 'guarantee' && (input.guarantors ?? []).length === 0) {
    out.push({
      code: 'guarantor_missing',
      zh: `保证类产品 ${input.product.code} 未提供保证人`,
      en: `Guaranteed product ${input.product.code} without a guarantor`,
      facts: { productCode: input.product.code, guarantors: 0 },
    });
  }
  const ask = input.rateException;
  if (ask) {
    const floor = floorPercent(input.product);
    const asked = parseRatePercent(ask.annualRate, 'rateException.annualRate');
    if (asked < parseRatePercent(floor)) {
      out.push({
        code: 'rate_below_floor',
        zh: `客户经理申请利率 ${ask.annualRate}% 低于产品下限 ${floor}%：${ask.reason}`,
        en: `Rate ${ask.annualRate}% asked by the relationship manager is below the product floor of ${floor}%: ${ask.reason}`,
        facts: { askedRate: ask.annualRate, floorRate: floor, reason: ask.reason },
      });
    }
  }
  return out;
}

/** The distinct codes of a list of exceptions, as the routing rules take them. */
export const exceptionCodes = (ex: readonly PolicyException[]): PolicyExceptionCode[] => [
  ...new Set(ex.map((e) => e.code)),
];
