/**
 * Recorded audit hashes must not move when the code that writes them is reorganised: payload digests
 * and event hashes here are pinned from the chain as it was at 4a6da53 (before the canonical JSON moved
 * to shared/canonical-json.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../db/database';
import { appendAuditEvents, GENESIS_HASH } from './chain';

/** A stand-in for the database: an empty chain, and the INSERT's parameters kept. */
function recorder() {
  const inserted: unknown[][] = [];
  const q = {
    async query(sql: string, params?: unknown[]) {
      if (sql.startsWith('INSERT')) inserted.push(params ?? []);
      return { rows: [], rowCount: 0 };
    },
    async exec() {},
  } as unknown as Queryable;
  return { q, inserted };
}

describe('audit chain hashing', () => {
  it('digests payloads and links events exactly as before', async () => {
    const { q, inserted } = recorder();
    const at = new Date('2026-03-16T01:02:03.456Z');
    await appendAuditEvents(q, [
      {
        actorId: 'U-APPROVER-1',
        action: 'application.decided',
        entityType: 'application',
        entityId: 'A-2026-000001',
        payload: {
          version: 3,
          decision: { action: 'approve', approvedAmount: '1200000.00', termMonths: 36, rate: '3.85', note: undefined },
          conditions: ['追加保证人', 'quarterly statements'],
          previous: null,
        },
        at,
      },
      { actorId: null, action: 'seed.loaded', entityType: 'system', entityId: 'seed', payload: {}, at },
    ]);
    const [values] = inserted;
    const [, , , , , , digest1, prev1, hash1, , , , , , , digest2, prev2, hash2] = values as string[];
    expect(prev1).toBe(GENESIS_HASH);
    expect({ digest1, hash1, digest2, hash2 }).toEqual(PINNED);
    expect(prev2).toBe(hash1);
  });
});

const PINNED = {
  digest1: '06de60130003eb0dcd964f3ef79007af01026e1ae1c35a800eff5c15e84c812e',
  hash1: 'e7091de8e75683c0de2d47bd593afbd67c8f245a6d86fc3bf12f496999f5233b',
  digest2: '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  hash2: '459a82551dc93c4e5a85c953b24ed4f9e4624b519012dc2b69c7a72b7374854a',
};
