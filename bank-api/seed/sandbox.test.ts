import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testEngines } from '../../test/helpers/test-db';
import type { Queryable } from '../db/database';
import type { SandboxApplicationRequest } from '../sources/sandbox-applications';
import { SANDBOX_META_KEY, SANDBOX_SIZES, seedSandbox } from './sandbox';

const AS_OF = '2026-11-27';
const FEW = { enterprises: 150, loans: 800, applications: 40 };

/** One digest per seeded table: equal digests mean equal rows. */
async function digests(q: Queryable): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of ['products', 'enterprises', 'loans']) {
    const key = table === 'products' ? 'code' : 'id';
    const r = await q.query<{ d: string }>(`SELECT md5(string_agg(t::text, '|' ORDER BY ${key})) AS d FROM ${table} t`);
    out[table] = r.rows[0]!.d;
  }
  return out;
}

const opened: TestDatabase[] = [];
async function fresh(engine: 'pglite' | 'postgres') {
  const t = await createTestDatabase(engine);
  opened.push(t);
  return t.db;
}
afterAll(async () => {
  for (const t of opened) await t.drop();
});

describe.each(testEngines())('seedSandbox on %s', (engine) => {
  it('seeds the small size: products, 2,000 enterprises, 10,000 loans — once', async () => {
    const db = await fresh(engine);
    const r = await seedSandbox(db, { size: 'small', asOf: AS_OF });
    console.info(`small sandbox seed on ${engine}: ${Math.round(r.timings.total)} ms`, r.timings);
    expect(r.seeded).toBe(true);
    const count = async (t: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0]!.n;
    expect(await count('products')).toBe(4);
    expect(await count('enterprises')).toBe(SANDBOX_SIZES.small.enterprises);
    expect(await count('loans')).toBe(SANDBOX_SIZES.small.loans);
    expect(await count('applications')).toBe(0);
    const meta = await db.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [SANDBOX_META_KEY]);
    expect(JSON.parse(meta.rows[0]!.value)).toMatchObject({ seed: 'sandbox-2026', size: 'small', asOf: AS_OF });

    // Every enterprise is the sandbox's, in a branch that serves its region.
    const e = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM enterprises WHERE source <> 'sandbox' OR data_as_of <> $1::date
         OR (region = '310115' AND branch_id <> 'SH-PD') OR (region = '330106' AND branch_id <> 'HZ-XH')
         OR profile->>'uscc' <> uscc`,
      [AS_OF],
    );
    expect(e.rows[0]!.n).toBe(0);

    // Classification never better than the days past due allow.
    const bad = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM loans
        WHERE (days_past_due > 0 AND classification = 'normal')
           OR (days_past_due > 90 AND classification IN ('normal', 'special_mention'))
           OR (days_past_due > 360 AND classification <> 'loss')
           OR balance_fen > principal_fen OR max_dpd < days_past_due`,
    );
    expect(bad.rows[0]!.n).toBe(0);
    const live = await db.query<{ overdue: string }>(
      `SELECT avg((days_past_due > 0)::int)::text AS overdue FROM loans WHERE balance_fen > 0`,
    );
    expect(Number(live.rows[0]!.overdue)).toBeGreaterThan(0.02);
    expect(Number(live.rows[0]!.overdue)).toBeLessThan(0.08);

    const again = await seedSandbox(db, { size: 'small', asOf: AS_OF });
    expect(again.seeded).toBe(false);
    expect(await count('loans')).toBe(SANDBOX_SIZES.small.loans);
  }, 300_000);

  it('produces identical tables from the same seed, and different ones from another', async () => {
    const [a, b, c] = [await fresh(engine), await fresh(engine), await fresh(engine)];
    await seedSandbox(a, { size: 'small', seed: 's1', asOf: AS_OF, counts: FEW });
    await seedSandbox(b, { size: 'small', seed: 's1', asOf: AS_OF, counts: FEW });
    await seedSandbox(c, { size: 'small', seed: 's2', asOf: AS_OF, counts: FEW });
    const [da, db, dc] = [await digests(a), await digests(b), await digests(c)];
    expect(da).toEqual(db);
    expect(dc.products).toBe(da.products);
    expect(dc.enterprises).not.toBe(da.enterprises);
    expect(dc.loans).not.toBe(da.loans);
  }, 300_000);

  it('hands the application requests to assignApplications', async () => {
    const db = await fresh(engine);
    let got: SandboxApplicationRequest[] = [];
    await seedSandbox(db, {
      size: 'small',
      seed: 's3',
      asOf: AS_OF,
      counts: FEW,
      assignApplications: async (requests, d) => {
        got = requests;
        // The enterprises are already there for the workflow to use.
        const r = await d.query<{ n: number }>('SELECT count(*)::int AS n FROM enterprises WHERE uscc = ANY($1)', [
          [...new Set(requests.map((x) => x.uscc))],
        ]);
        expect(r.rows[0]!.n).toBe(new Set(requests.map((x) => x.uscc)).size);
      },
    });
    expect(got).toHaveLength(FEW.applications);
  });
});
