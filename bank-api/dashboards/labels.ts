/**
 * Names for the keys panels group by: industries (GB/T 4754 sections), products, branches, users,
 * decline reasons.
 */
import { PRODUCTS } from '../../shared/credit/products';
import { DEFAULT_RULE_SET } from '../../shared/credit/rule-set';
import { FACTORS } from '../../shared/credit/scorecard';
import { deskEn } from '../../shared/i18n/desk.en';
import { deskZhCN } from '../../shared/i18n/desk.zh-CN';
import { INDUSTRY_SECTIONS } from '../../shared/reference/industries';
import type { Queryable } from '../db/database';

type Bi = { zh: string; en: string };

/** Industry sections (GB/T 4754 门类) from the one reference table in shared/reference. */
export { INDUSTRY_SECTIONS };

export const industryLabel = (key: string): Bi | null => INDUSTRY_SECTIONS[key.charAt(0)] ?? null;

export const productLabel = (code: string): Bi | null => PRODUCTS.find((p) => p.code === code)?.name ?? null;

/** Material checklist items by code, across the catalogue. */
export function materialLabel(code: string): Bi | null {
  for (const p of PRODUCTS) {
    const m = p.materials.find((x) => x.code === code);
    if (m) return m.name;
  }
  return null;
}

/** A scorecard reason without its figure: "结算流入波动大（变异系数 {v}）" → "结算流入波动大". */
const withoutFigure = (why: string) =>
  why
    .replace(/\s*[（(][^（()）]*\{v\}[^（()）]*[）)]/, '')
    .replace('{v}', '')
    .trim();

/** Codes older sandbox data used for an approver's decline, by the scorecard reason they stand for. */
export const REASON_ALIASES: Readonly<Record<string, string>> = {
  SC_SALES_TREND: 'SC_SALES_DECLINING',
  SC_LEVERAGE: 'SC_DEBT_HIGH',
};

/**
 * The text of a decline reason code, as an approver or the instant decision recorded it: a failed
 * admission rule, a negative-list hit, a scorecard factor, or an approver's standard reason.
 */
export function reasonLabel(code: string): Bi | null {
  const c = REASON_ALIASES[code] ?? code;
  if (c === 'ADM_PRODUCT_GRADE')
    return {
      zh: '不满足准入：风险评级不在所申请产品的适用范围内',
      en: 'Admission not met: risk grade not one the product is offered to',
    };
  const adm = DEFAULT_RULE_SET.admission.find((r) => r.id === c);
  if (adm) return { zh: `不满足准入：${adm.text.zh}`, en: `Admission not met: ${adm.text.en}` };
  const neg = DEFAULT_RULE_SET.negativeList.find((r) => r.id === c);
  if (neg) return { zh: `负面清单：${neg.text.zh}`, en: `Negative list: ${neg.text.en}` };
  const f = FACTORS.find((x) => x.code === c);
  if (f) return { zh: `评分：${withoutFigure(f.why.zh)}`, en: `Score: ${withoutFigure(f.why.en)}` };
  const zh = (deskZhCN.decision.standardReasons as Record<string, string>)[c];
  const en = (deskEn.decision.standardReasons as Record<string, string>)[c];
  if (zh && en) return { zh, en };
  return null;
}

export async function branchLabels(q: Queryable, keys: string[]): Promise<Map<string, Bi>> {
  const r = await q.query<{ id: string; name_zh: string; name_en: string }>(
    'SELECT id, name_zh, name_en FROM branches WHERE id = ANY($1)',
    [keys],
  );
  return new Map(r.rows.map((b) => [b.id, { zh: b.name_zh, en: b.name_en }]));
}

export async function userLabels(q: Queryable, keys: string[]): Promise<Map<string, Bi>> {
  const r = await q.query<{ id: string; display_name: string; username: string }>(
    'SELECT id, display_name, username FROM users WHERE id = ANY($1)',
    [keys],
  );
  return new Map(r.rows.map((u) => [u.id, { zh: u.display_name, en: `${u.display_name} (${u.username})` }]));
}

export async function enterpriseLabels(q: Queryable, keys: string[]): Promise<Map<string, Bi>> {
  const r = await q.query<{ id: string; name: string }>('SELECT id, name FROM enterprises WHERE id = ANY($1)', [keys]);
  return new Map(r.rows.map((e) => [e.id, { zh: e.name, en: e.name }]));
}
