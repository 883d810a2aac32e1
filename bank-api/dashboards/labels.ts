/** Names for the keys panels group by: industries (GB/T 4754 sections), products, branches, users. */
import { PRODUCTS } from '../../shared/credit/products';
import type { Queryable } from '../db/database';

type Bi = { zh: string; en: string };

export const INDUSTRY_SECTIONS: Readonly<Record<string, Bi>> = {
  A: { zh: '农、林、牧、渔业', en: 'Agriculture, forestry, fishing' },
  B: { zh: '采矿业', en: 'Mining' },
  C: { zh: '制造业', en: 'Manufacturing' },
  D: { zh: '电力、热力、燃气及水', en: 'Utilities' },
  E: { zh: '建筑业', en: 'Construction' },
  F: { zh: '批发和零售业', en: 'Wholesale and retail' },
  G: { zh: '交通运输、仓储和邮政业', en: 'Transport and storage' },
  H: { zh: '住宿和餐饮业', en: 'Accommodation and catering' },
  I: { zh: '信息传输、软件和信息技术服务业', en: 'Information technology' },
  J: { zh: '金融业', en: 'Finance' },
  K: { zh: '房地产业', en: 'Real estate' },
  L: { zh: '租赁和商务服务业', en: 'Leasing and business services' },
  M: { zh: '科学研究和技术服务业', en: 'Research and technical services' },
  N: { zh: '水利、环境和公共设施管理业', en: 'Water, environment, public facilities' },
  O: { zh: '居民服务、修理和其他服务业', en: 'Household and repair services' },
  P: { zh: '教育', en: 'Education' },
  Q: { zh: '卫生和社会工作', en: 'Health and social work' },
  R: { zh: '文化、体育和娱乐业', en: 'Culture, sports, entertainment' },
  S: { zh: '公共管理、社会保障和社会组织', en: 'Public administration' },
  T: { zh: '国际组织', en: 'International organisations' },
};

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
