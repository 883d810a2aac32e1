/**
 * Names for the keys panels group by: industries (GB/T 4754 sections), products, branches, users,
 * decline reasons.
 */

import { canonicalReason, REASON_CODE_ALIASES, reasonName } from '../../shared/credit/describe';
import { materialName } from '../../shared/credit/materials';
import { PRODUCTS } from '../../shared/credit/products';
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

/** Material checklist items by code: the products' own and those customer groups add (shared/credit/materials). */
export const materialLabel = (code: string): Bi | null => materialName(code);

/** Older decline codes, by the code they stand for (one table, in shared/credit/describe). */
export const REASON_ALIASES = REASON_CODE_ALIASES;

/**
 * The text of a decline reason code, as an approver or the instant decision recorded it: a failed
 * admission rule or negative-list hit (shared/credit/describe's words), a scorecard factor (marked 评分),
 * the product's grade range, or an approver's standard reason.
 */
export function reasonLabel(code: string): Bi | null {
  const c = canonicalReason(code);
  if (c === 'ADM_PRODUCT_GRADE')
    return {
      zh: '不满足准入：风险评级不在所申请产品的适用范围内',
      en: 'Admission not met: risk grade not one the product is offered to',
    };
  const zh = reasonName(c, 'zh');
  const en = reasonName(c, 'en');
  if (zh && en) return FACTORS.some((f) => f.code === c) ? { zh: `评分：${zh}`, en: `Score: ${en}` } : { zh, en };
  const dzh = (deskZhCN.decision.standardReasons as Record<string, string>)[c];
  const den = (deskEn.decision.standardReasons as Record<string, string>)[c];
  return dzh && den ? { zh: dzh, en: den } : null;
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
