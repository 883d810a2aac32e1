import { seedApplications } from '../bank-api/seed/applications';
import { SANDBOX_SIZES, type SandboxSize, seedSandbox } from '../bank-api/seed/sandbox';
import { sandboxNow } from '../bank-api/sources/sandbox-applications';
import { sandboxProfileProvider } from '../bank-api/workflow/sandbox-provider';
import { createTestDatabase, TEST_DATABASE_URL } from '../test/helpers/test-db';
import type { BenchFigure, BenchModule } from './run';

/**
 * Sandbox seeding time on PGlite (and PostgreSQL when TEST_DATABASE_URL is set), stage by stage as a first
 * start runs them. Reference: loans per second inserted one row per statement on the same engine, measured
 * in the same run; for the applications (the small size's 5,000, through the workflow in batches), the
 * 19 ms per application the one-case-at-a-time seed took on an idle 2-core machine. The large size (a
 * million loans, applications by bulk import) runs only with SEED_SIZE=large: it takes minutes.
 */
const AS_OF = '2026-11-27';

async function singleRowRate(engine: 'pglite' | 'postgres'): Promise<number> {
  const t = await createTestDatabase(engine);
  try {
    await t.db.exec('CREATE TEMP TABLE bench_rows (LIKE loans INCLUDING DEFAULTS)');
    const n = 2_000;
    const start = performance.now();
    await t.db.tx(async (q) => {
      for (let i = 0; i < n; i++) {
        await q.query(
          `INSERT INTO bench_rows (id, enterprise_id, branch_id, product_code, industry_code, principal_fen, balance_fen,
             annual_rate, disbursed_on, maturity_date, classification) VALUES ($1,'E','SH','XMD','C3484',100,50,3.85,$2,$3,'normal')`,
          [`L${i}`, '2026-01-02', '2027-01-02'],
        );
      }
    });
    return n / ((performance.now() - start) / 1000);
  } finally {
    await t.drop();
  }
}

const bench: BenchModule = {
  title: 'Sandbox seed (products, enterprises with profiles, loan book)',
  async run() {
    const sizes: SandboxSize[] = process.env.SEED_SIZE === 'large' ? ['small', 'large'] : ['small'];
    const engines: ('pglite' | 'postgres')[] = TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
    const figures: BenchFigure[] = [];
    for (const engine of engines) {
      const ref = await singleRowRate(engine);
      for (const size of sizes) {
        const t = await createTestDatabase(engine);
        try {
          let apps = { ms: 0, cpuMs: 0, created: 0 };
          const r = await seedSandbox(t.db, {
            size,
            asOf: AS_OF,
            // The small size's applications go through the workflow, as on a first start.
            ...(size === 'small'
              ? {
                  assignApplications: async (requests, d) => {
                    const c0 = process.cpuUsage();
                    const t0 = performance.now();
                    const made = await seedApplications(d, sandboxProfileProvider(), requests, undefined, {
                      now: sandboxNow(AS_OF),
                    });
                    const c = process.cpuUsage(c0);
                    apps = { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, created: made.created };
                  },
                }
              : {}),
          });
          const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
          const loansPerS = SANDBOX_SIZES[size].loans / (r.timings.loans / 1000);
          figures.push({
            name: `${size} on ${engine}: total`,
            value: `${s(r.timings.total)} (enterprises ${s(r.timings.enterprises)}, loans ${s(r.timings.loans)}, applications ${s(apps.ms)}, summaries ${s(r.timings.applications - apps.ms)})`,
          });
          if (apps.created > 0) {
            figures.push({
              name: `${size} on ${engine}: applications through the workflow`,
              value: `${apps.created} in ${s(apps.ms)}: ${(apps.ms / apps.created).toFixed(1)} ms each (process CPU ${(apps.cpuMs / apps.created).toFixed(1)} ms)`,
              reference: 'one case per savepoint: 19 ms each (idle 2 cores)',
              ratio: `${(19 / (apps.ms / apps.created)).toFixed(1)}×`,
            });
          }
          figures.push({
            name: `${size} on ${engine}: loans/s`,
            value: loansPerS.toFixed(0),
            reference: `single-row INSERT ${ref.toFixed(0)} rows/s`,
            ratio: `${(loansPerS / ref).toFixed(1)}×`,
          });
        } finally {
          await t.drop();
        }
      }
    }
    return figures;
  },
};
export default bench;
