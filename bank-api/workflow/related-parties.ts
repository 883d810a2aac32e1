/** The bank's related-party list (migration 0014): the entries a submission's keys hit, for policy-exceptions.ts. */
import type { RelatedPartyEntry, relatedPartyKeys } from '../../shared/credit/policy-exceptions';
import type { Queryable } from '../db/database';

/** Entries matching any of the resident ID numbers or USCCs (one indexed query). */
export async function relatedPartiesMatching(
  q: Queryable,
  keys: ReturnType<typeof relatedPartyKeys>,
): Promise<RelatedPartyEntry[]> {
  const r = await q.query<{
    kind: 'person' | 'enterprise';
    name: string;
    id_number: string | null;
    uscc: string | null;
    relation_zh: string;
    relation_en: string;
  }>(
    `SELECT kind, name, id_number, uscc, relation_zh, relation_en FROM related_parties
     WHERE id_number = ANY($1) OR uscc = ANY($2) ORDER BY id`,
    [keys.idNumbers, keys.usccs],
  );
  return r.rows.map((x) => ({
    kind: x.kind,
    name: x.name,
    idNumber: x.id_number,
    uscc: x.uscc,
    relationZh: x.relation_zh,
    relationEn: x.relation_en,
  }));
}

/** A lookup bound to a connection, as screenApplication takes it. */
export const relatedPartyLookup = (q: Queryable) => (keys: ReturnType<typeof relatedPartyKeys>) =>
  relatedPartiesMatching(q, keys);
