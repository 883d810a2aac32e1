import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/test-db';
import { verifyAuditChain } from '../audit/chain';
import { sandboxProfileProvider } from '../workflow/sandbox-provider';
import { bulkImportApplications } from './bulk-applications';
import { seedSandbox } from './sandbox';

describe('bulk import of applications (large benchmark seed)', () => {
  let tdb: TestDatabase;
  let imported = 0;
  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    const asOf = beijingDate(new Date());
    await seedSandbox(tdb.db, {
      size: 'small',
      asOf,
      counts: { enterprises: 60, loans: 20, applications: 1500 },
      assignApplications: async (reqs, db) => {
        imported = await bulkImportApplications(db, sandboxProfileProvider(), reqs, asOf);
      },
    });
  });
  afterAll(() => tdb.drop());

  it('assesses every case with the engine and stores it, in many states and tiers', async () => {
    expect(imported).toBe(1500);
    const r = await tdb.db.query<{ status: string; tier: string; n: number }>(
      'SELECT status, tier, count(*)::int n FROM applications GROUP BY 1, 2',
    );
    const statuses = new Set(r.rows.map((x) => x.status));
    for (const s of ['auto_approved', 'auto_declined', 'in_review', 'approved', 'declined', 'disbursed'])
      expect(statuses).toContain(s);
    expect(new Set(r.rows.map((x) => x.tier)).size).toBeGreaterThanOrEqual(3);
    const mismatch = await tdb.db.query<{ n: number }>(
      "SELECT count(*)::int n FROM applications WHERE grade IS DISTINCT FROM assessment->'score'->>'grade'",
    );
    expect(mismatch.rows[0]!.n).toBe(0);
  });

  it('records each batch in the audit chain, which still verifies', async () => {
    const v = await verifyAuditChain(tdb.db);
    expect(v).toMatchObject({ ok: true, events: 2 });
  });
});
