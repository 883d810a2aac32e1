import { PRODUCTS } from '../../shared/credit/products';
import { DEFAULT_RULE_SET } from '../../shared/credit/rule-set';
import type { Queryable } from '../db/database';

/** The product catalogue is reference data from shared/credit: kept in step with the code at every start. */
export async function syncProducts(q: Queryable): Promise<void> {
  for (const p of PRODUCTS) {
    await q.query(
      `INSERT INTO products (code, definition, catalogue_version) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET definition = EXCLUDED.definition, catalogue_version = EXCLUDED.catalogue_version`,
      [p.code, JSON.stringify(p, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)), DEFAULT_RULE_SET.version],
    );
  }
}
