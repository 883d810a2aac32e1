/** The bank's related-party list (migration 0014): the entries a submission's keys hit, for policy-exceptions.ts. */
import type { RelatedPartyEntry, relatedPartyKeys } from '../../shared/credit/policy-exceptions';
import type { Queryable } from '../db/database';

type Keys = ReturnType<typeof relatedPartyKeys>;

/** A related_parties row as the lookups read it. */
export interface RelatedPartyRow {
  kind: 'person' | 'enterprise';
  name: string;
  id_number: string | null;
  uscc: string | null;
  relation_zh: string;
  relation_en: string;
}

const toEntry = (x: RelatedPartyRow): RelatedPartyEntry => ({
  kind: x.kind,
  name: x.name,
  idNumber: x.id_number,
  uscc: x.uscc,
  relationZh: x.relation_zh,
  relationEn: x.relation_en,
});

/** Entries matching any of the resident ID numbers or USCCs (one indexed query). */
export async function relatedPartiesMatching(q: Queryable, keys: Keys): Promise<RelatedPartyEntry[]> {
  const r = await q.query<RelatedPartyRow>(
    `SELECT kind, name, id_number, uscc, relation_zh, relation_en FROM related_parties
     WHERE id_number = ANY($1) OR uscc = ANY($2) ORDER BY id`,
    [keys.idNumbers, keys.usccs],
  );
  return r.rows.map(toEntry);
}

/**
 * The same lookup as a SQL expression yielding a JSON array of rows (RelatedPartyRow, in list order), for a
 * statement that reads it along with other things (create.ts, one round trip per submission); turn the
 * array into entries with relatedPartiesFromJson. `p` adds a parameter and returns its placeholder.
 */
export function relatedPartiesJsonSql(p: (v: unknown) => string, keys: Keys): string {
  return `(SELECT COALESCE(json_agg(json_build_object('kind', kind, 'name', name, 'id_number', id_number, 'uscc', uscc,
      'relation_zh', relation_zh, 'relation_en', relation_en) ORDER BY id), '[]'::json)
    FROM related_parties WHERE id_number = ANY(${p(keys.idNumbers)}) OR uscc = ANY(${p(keys.usccs)}))`;
}

export const relatedPartiesFromJson = (rows: readonly RelatedPartyRow[]): RelatedPartyEntry[] => rows.map(toEntry);

/** A lookup bound to a connection, as screenApplication takes it. */
export const relatedPartyLookup = (q: Queryable) => (keys: Keys) => relatedPartiesMatching(q, keys);
